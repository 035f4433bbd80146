/**
 * npm run content:import -- <file.csv> [--out content/decks/x.yaml] [--id deck-id]
 *   [--title "..."] [--description "..."] [--skip-bad] [--force]
 *
 * Turns a quiz spreadsheet (quiz-template layout, saved as CSV) into an
 * imported deck YAML (source: import) that passes `npm run content:check`.
 * Defaults: id from the file name, title from the id, out content/decks/<id>.yaml.
 * Bad rows are listed and nothing is written, unless --skip-bad (writes the
 * good rows). An existing output file is only replaced with --force.
 * The "--" after the script name stops npm from taking --force/--out itself.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importQuizCsv, slug } from '../server/deck/import.js';
import { formatIssue } from '../server/deck/issues.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run content:import -- <file.csv> [--out content/decks/x.yaml] [--id deck-id] [--title "..."] [--description "..."] [--skip-bad] [--force]';

function parseArgs(argv: string[]): { file?: string; values: Map<string, string>; flags: Set<string> } | string {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--skip-bad' || a === '--force') flags.add(a);
    else if (['--out', '--id', '--title', '--description'].includes(a)) {
      const v = argv[++i];
      if (v === undefined) return `${a} needs a value`;
      values.set(a, v);
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (file) return `only one CSV file at a time (got ${file} and ${a}); with npm run, put -- before the options so npm passes them on`;
    else file = a;
  }
  return { file, values, flags };
}

function main(argv: string[]): number {
  const args = parseArgs(argv);
  if (typeof args === 'string' || !args.file) {
    console.error(typeof args === 'string' ? `${args}\n${USAGE}` : USAGE);
    return 2;
  }
  const file = args.file;
  if (!existsSync(file)) {
    console.error(`${file}: no such file`);
    return 1;
  }
  const deckId = args.values.get('--id') ?? slug(path.basename(file).replace(/\.csv$/i, ''));
  const title = args.values.get('--title') ?? titleFrom(deckId);
  const out = args.values.get('--out') ?? path.join(path.relative(process.cwd(), ROOT) || '.', 'content', 'decks', `${deckId}.yaml`);

  const result = importQuizCsv(readFileSync(file, 'utf8'), {
    deckId,
    title,
    description: args.values.get('--description'),
    sourceName: path.basename(file),
    skipBad: args.flags.has('--skip-bad'),
  });
  for (const p of result.problems) {
    const where = p.row ? `${file}:${p.line} row ${p.row}` : p.line ? `${file}:${p.line}` : file;
    console.error(`${where}: ${p.message}`);
  }
  if (!result.yaml || !result.deck) {
    console.error(`import refused: nothing written${result.problems.length ? ' (fix the rows above, or pass --skip-bad to import the others)' : ''}`);
    return 1;
  }
  if (existsSync(out) && !args.flags.has('--force')) {
    console.error(`${out} exists: pass --force to replace it, or choose another --out`);
    return 1;
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, result.yaml);

  const counts = new Map<string, number>();
  for (const q of result.deck.questions) counts.set(q.type, (counts.get(q.type) ?? 0) + 1);
  const byType = [...counts].map(([t, n]) => `${n} ${t}`).join(', ');
  console.log(`wrote ${out}: deck "${deckId}", ${result.deck.questions.length} questions (${byType})`);
  if (result.problems.length) console.log(`skipped ${result.problems.length} bad row${result.problems.length === 1 ? '' : 's'} (listed above)`);
  if (result.warnings.length) {
    console.log(`${result.warnings.length} warnings from the checker (non-strict, because of source: import):`);
    for (const w of result.warnings.slice(0, 10)) console.log('  ' + formatIssue({ ...w, file: out }, 'warning: '));
    if (result.warnings.length > 10) console.log(`  ... run npm run content:check ${out} to see all`);
  }
  return 0;
}

function titleFrom(id: string): string {
  const words = id.split(/[-_.]+/).filter(Boolean).join(' ');
  return words ? words[0].toUpperCase() + words.slice(1) : 'Imported quiz';
}

process.exitCode = main(process.argv.slice(2));
