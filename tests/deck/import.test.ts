import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/deck/csv.js';
import { importQuizCsv } from '../../server/deck/import.js';
import { validateDeckText } from '../../server/deck/validate.js';
import { ROOT, fixture } from './helpers.js';

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes, line breaks, CRLF and a BOM', () => {
    const records = parseCsv('\uFEFFa,"b, c","say ""hi"""\r\n"two\r\nlines",x,\r\nlast,1,2');
    expect(records.map((r) => r.cells)).toEqual([['a', 'b, c', 'say "hi"'], ['two\nlines', 'x', ''], ['last', '1', '2']]);
    expect(records.map((r) => [r.row, r.line])).toEqual([[1, 1], [2, 2], [3, 4]]);
  });

  it('detects a semicolon delimiter and rejects an unclosed quote with its line', () => {
    expect(parseCsv('a;"b;c";d\n').map((r) => r.cells)).toEqual([['a', 'b;c', 'd']]);
    expect(() => parseCsv('a,b\nc,"open\nstill')).toThrow(/starts on line 2 never ends/);
  });
});

describe('importQuizCsv', () => {
  const { text } = fixture('sample.csv');
  const opts = { deckId: 'sample-quiz', title: 'Sample quiz', sourceName: 'sample.csv' };

  it('refuses the sample because of its bad rows, naming each row', () => {
    const r = importQuizCsv(text, opts);
    expect(r.yaml).toBeNull();
    expect(r.problems).toEqual([
      { row: 8, line: 9, message: expect.stringMatching(/Correct answer\(s\) "5" must list answer numbers 1 to 4/) },
      { row: 10, line: 11, message: expect.stringMatching(/no answers: a question needs at least 2/) },
    ]);
  });

  it('with skipBad, converts the other rows into a deck that passes the checker in non-strict mode', () => {
    const r = importQuizCsv(text, { ...opts, skipBad: true });
    expect(r.yaml).not.toBeNull();
    const check = validateDeckText(r.yaml!, 'sample-quiz.yaml', { strict: false });
    expect(check.errors).toEqual([]);
    expect(check.warnings.some((w) => /no "why"/.test(w.message))).toBe(true);
    expect(check.warnings.some((w) => /missing "explanation"/.test(w.message))).toBe(true);
    const deck = check.deck!;
    expect(deck).toMatchObject({ id: 'sample-quiz', source: 'import', topics: [{ id: 'general', title: 'General' }] });
    expect(deck.questions.map((q) => [q.id, q.type])).toEqual([
      ['sample-quiz-001', 'single'], ['sample-quiz-002', 'multi'], ['sample-quiz-003', 'truefalse'], ['sample-quiz-004', 'single'],
    ]);
    const [q1, q2, q3, q4] = deck.questions;
    expect(q1.prompt).toBe('Which service stores images, tags and scan results for containers?');
    expect(q1.time).toBe(20);
    expect(q2.prompt).toBe('Which of these run containers? (pick the ones, not "stores") (Choose TWO.)');
    expect(q2.type === 'multi' && q2.options.filter((o) => o.correct).map((o) => o.text)).toEqual(['Amazon ECS', 'Amazon EKS']);
    expect(q3.type === 'truefalse' && q3.answer).toBe(false);
    expect(q4.prompt).toBe('A multi-line question:\nwhich tool defines infrastructure in TypeScript?');
    expect(q4.type === 'single' && q4.options).toHaveLength(3);
    expect(r.rows.get('sample-quiz-004')).toBe(7);
    expect(validateDeckText(r.yaml!, 'sample-quiz.yaml', { strict: true }).errors.length).toBeGreaterThan(0);
  });

  it('uses a Topic column when there is one, and refuses a file without a header', () => {
    const csv = 'Topic,Question,Answer 1,Answer 2,Answer 3,Answer 4,Correct answer(s)\nNeural Nets,What learns weights?,Backprop,Regex,,,1\n,What is 2+2?,3,4,5,6,2\n';
    const r = importQuizCsv(csv, opts);
    expect(r.deck?.topics).toEqual([{ id: 'neural-nets', title: 'Neural Nets' }, { id: 'general', title: 'General' }]);
    expect(r.deck?.questions.map((q) => q.topic)).toEqual(['neural-nets', 'general']);
    expect(importQuizCsv('a,b\n1,2\n', opts).problems[0].message).toMatch(/no header row found/);
  });

  it('rejects rows with every answer correct, an empty answer named as correct, or a bad time', () => {
    const csv = [
      'Question,Answer 1,Answer 2,Answer 3,Answer 4,Time limit (sec),Correct answer(s)',
      'Q1,a,b,,,20,"1,2"',
      'Q2,a,b,c,,20,4',
      'Q3,a,b,c,d,soon,1',
    ].join('\n');
    const r = importQuizCsv(csv, opts);
    expect(r.problems.map((p) => [p.row, p.message])).toEqual([
      [2, expect.stringMatching(/all 2 answers are marked correct/)],
      [3, expect.stringMatching(/names answer 4, but Answer 4 is empty/)],
      [4, expect.stringMatching(/Time limit "soon" must be a number of seconds/)],
    ]);
  });

  it('refuses duplicate questions through the checker, naming the row', () => {
    const csv = 'Question,Answer 1,Answer 2,Correct answer(s)\nWhich registry stores images?,ECR,S3,1\nWhich registry stores images?,ECR,S3,1\n';
    const r = importQuizCsv(csv, opts);
    expect(r.yaml).toBeNull();
    expect(r.problems).toEqual([{ row: 3, line: 3, message: expect.stringMatching(/repeats the prompt of sample-quiz-001/) }]);
  });
});

describe('npm run content:import', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'import-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'content-import.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  const csv = path.join('tests', 'deck', 'fixtures', 'sample.csv');

  it('exits 1 and writes nothing when rows are bad; writes the rest with --skip-bad', () => {
    const out = path.join(tmp, 'sample.yaml');
    const refused = run(csv, '--out', out);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/sample\.csv:9 row 8: Correct answer/);
    expect(existsSync(out)).toBe(false);

    const ok = run(csv, '--out', out, '--skip-bad', '--id', 'teacher-quiz', '--title', 'Teacher quiz');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/wrote .*sample\.yaml: deck "teacher-quiz", 4 questions/);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/^source: import$/m);
    expect(validateDeckText(yaml, out, { strict: false }).errors).toEqual([]);
    expect(run(csv, '--out', out, '--skip-bad').status).toBe(1); // exists, no --force
  });
});
