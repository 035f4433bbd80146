/**
 * The report as CSV (docs/reports.md): one row per player per question, written by csv-stringify (which
 * quotes commas, quotes and newlines), with every text cell a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a carriage return) prefixed with an apostrophe.
 */
import { stringify } from 'csv-stringify/sync';
import { REPORT_CSV_COLUMNS, type GameReport } from '../../shared/learning.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Makes a text cell inert in spreadsheets: `=1+1` becomes `'=1+1`. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

const round = (x: number, digits: number): string => String(Math.round(x * 10 ** digits) / 10 ** digits);

export function reportCsv(report: GameReport): string {
  const rows = report.answers.map((r) => [
    neutralise(r.player),
    String(r.number),
    neutralise(r.questionId),
    neutralise(r.topic),
    r.type,
    neutralise(r.answer.join(' | ')),
    round(r.credit, 3),
    String(r.points),
    r.answerMs === null ? '' : round(r.answerMs / 1000, 2),
  ]);
  // A byte-order mark so spreadsheet programs read the file as UTF-8.
  return stringify([[...REPORT_CSV_COLUMNS], ...rows], { bom: true, record_delimiter: 'windows' });
}

/** A file name for the download: deck and date, nothing the PIN or a token could be read from. */
export function reportFileName(report: GameReport, ext: 'csv' | 'json'): string {
  const day = new Date(report.endedAt).toISOString().slice(0, 10);
  const deck = report.deck.id.replace(/[^a-z0-9._-]/gi, '-');
  return `cram-night-${deck}-${day}.${ext}`;
}
