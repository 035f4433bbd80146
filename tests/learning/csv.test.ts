/** The report CSV, parsed back with a real CSV parser: awkward nicknames round-trip and formulas are neutralised. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { REPORT_CSV_COLUMNS } from '../../shared/learning.js';
import { neutralise, reportCsv, reportFileName } from '../../server/learning/csv.js';
import { computeReport } from '../../server/learning/report.js';
import { playScriptedGame } from './scripted-game.js';

const NAMES = { ann: 'Ann, Smith', bob: 'Bob "the" Builder', cat: '=HYPERLINK("x")\nCat' };

describe('report CSV', () => {
  const report = computeReport(playScriptedGame(NAMES));
  const csv = reportCsv(report);
  const rows = parse(csv, { bom: true }) as string[][];

  it('has the documented header and one row per player per question', () => {
    expect(rows[0]).toEqual([...REPORT_CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + report.answers.length);
    expect(csv.startsWith('\uFEFF')).toBe(true);
  });

  it('round-trips a nickname with a comma, a quote and a newline; a leading = is neutralised with an apostrophe', () => {
    const players = new Set(rows.slice(1).map((r) => r[0]));
    expect(players).toEqual(new Set(['Ann, Smith', 'Bob "the" Builder', `'=HYPERLINK("x")\nCat`]));
  });

  it('writes every figure of a row', () => {
    const bobQ2 = rows.find((r) => r[0] === 'Bob "the" Builder' && r[1] === '2');
    expect(bobQ2).toEqual(['Bob "the" Builder', '2', 'q-private', 'net', 'multi', 'A) 10.0.0.0/8', '0.5', '0', '0.1']);
    const annQ2 = rows.find((r) => r[0] === 'Ann, Smith' && r[1] === '2');
    expect(annQ2?.[5]).toBe('A) 10.0.0.0/8 | C) 192.168.0.0/16');
    const bobQ3 = rows.find((r) => r[0] === 'Bob "the" Builder' && r[1] === '3');
    expect(bobQ3?.slice(5)).toEqual(['', '0', '0', '']);
  });

  it('neutralises each formula start and nothing else', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['Ann', '1-2', 'a=b', '', "'quoted"]) expect(neutralise(s)).toBe(s);
  });

  it('names the download by deck and day only', () => {
    expect(reportFileName(report, 'csv')).toMatch(/^cram-night-deck-net-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
