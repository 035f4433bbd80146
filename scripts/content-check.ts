/**
 * npm run content:check [files or folders...] [--strict] [--quiet]
 *
 * Validates decks (default: every *.yaml in content/decks) with the same
 * checker the server uses, prints every error as `file:line [question-id]
 * message`, then a summary table per deck. Exits 1 on any error.
 *   --strict  check imported decks (source: import) strictly too
 *   --quiet   do not list warnings (their count is still shown)
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUESTION_TYPES } from '../shared/deck.js';
import { domainShare, type Coverage } from '../server/deck/coverage.js';
import { FAIRNESS, type DeckStats } from '../server/deck/fairness.js';
import { formatIssue, sortIssues } from '../server/deck/issues.js';
import { checkDeckFiles, listDeckFiles, type DeckFileResult } from '../server/deck/load.js';
import { DECK_REQUIREMENTS, type DeckRequirements } from '../server/deck/requirements.js';
import { SKILLS } from '../server/deck/skills.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function main(argv: string[]): number {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  for (const f of flags) {
    if (f !== '--strict' && f !== '--quiet') {
      console.error(`unknown option ${f}: use --strict or --quiet`);
      return 2;
    }
  }
  const targets = argv.filter((a) => !a.startsWith('--'));
  const defaultDir = path.relative(process.cwd(), path.join(ROOT, 'content', 'decks')) || '.';
  const files: string[] = [];
  let failed = false;
  for (const target of targets.length ? targets : [defaultDir]) {
    if (existsSync(target) && statSync(target).isDirectory()) {
      files.push(...(listDeckFiles(target) ?? []));
    } else if (existsSync(target)) {
      files.push(target);
    } else {
      console.error(`${target}: no such file or folder`);
      failed = true;
    }
  }
  if (files.length === 0) {
    console.log(failed ? 'no deck checked' : `no deck files (*.yaml) in ${targets.join(', ') || defaultDir}`);
    return failed ? 1 : 0;
  }

  const { results } = checkDeckFiles(files, { strictIds: flags.has('--strict') ? 'all' : undefined });
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    const rWarnings = r.check?.warnings ?? [];
    errors += r.problems.length;
    warnings += rWarnings.length;
    for (const issue of sortIssues(r.problems)) console.log(formatIssue(issue));
    if (!flags.has('--quiet')) for (const issue of rWarnings) console.log(formatIssue(issue, 'warning: '));
  }
  for (const r of results) console.log('\n' + summary(r).join('\n'));
  console.log(`\n${results.length} deck file${results.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return errors > 0 || failed ? 1 : 0;
}

function summary(r: DeckFileResult): string[] {
  const deck = r.check?.candidate;
  const stats = r.check?.stats;
  const status = r.accepted ? 'OK' : `REFUSED (${r.problems.length} error${r.problems.length === 1 ? '' : 's'})`;
  const mode = r.strict ? 'strict' : 'imported, non-strict';
  if (!deck || !stats) return [`== ${r.file}: ${status} (${mode}); no figures, the file could not be read as a deck`];
  const lines = [
    `== ${deck.id || '(no id)'} — ${deck.title || '(no title)'} [${r.file}] ${status} (${mode})`,
    `   ${stats.questions} valid questions, ${stats.cases} case stud${stats.cases === 1 ? 'y' : 'ies'}, ${plural(r.check?.warnings.length ?? 0, 'warning')}`,
    ...topicTable(stats),
    ...fairnessLines(stats),
    ...(r.check?.coverage ? coverageLines(r.check.coverage, DECK_REQUIREMENTS[deck.id]) : []),
  ];
  return lines;
}

/** Questions per exam task (with its topics), per skill tag, without a task, and the Domain 4 share. */
function coverageLines(c: Coverage, req: DeckRequirements | undefined): string[] {
  const need = (n: number, min: number | undefined) => (min ? `${n}/${min}${n < min ? ' SHORT' : ''}` : String(n));
  const lines = ['   coverage by exam task (questions/minimum, then questions per topic):'];
  for (const [task, n] of Object.entries(c.byTask)) {
    const topics = Object.entries(c.taskTopics[task] ?? {}).sort((a, b) => b[1] - a[1]).map(([t, k]) => `${t} ${k}`).join(', ');
    lines.push(`     ${task}  ${need(n, req?.minPerTask[task]).padEnd(9)} ${topics || '-'}`);
  }
  lines.push(`     no task: ${c.untagged}${req?.taskRequired && c.untagged ? ' (every question needs one)' : ''}`);
  const d4 = c.byDomain['4'] ?? 0;
  const max = req?.maxDomainShare['4'];
  lines.push(`   Domain 4 share: ${d4}/${c.questions} (${Math.round(domainShare(c, '4') * 100)}%${max !== undefined ? `, must stay under ${Math.round(max * 100)}%` : ''})`);
  for (const task of [...new Set(Object.values(SKILLS).map((t) => t.task))]) {
    const mine = Object.entries(SKILLS).filter(([, t]) => t.task === task).map(([s]) => `${s} ${need(c.bySkill[s] ?? 0, req?.minPerSkill)}`);
    lines.push(`   skills of task ${task}: ${mine.join(', ')}`);
  }
  return lines;
}

function topicTable(stats: DeckStats): string[] {
  const header = ['topic', ...QUESTION_TYPES, 'total'];
  const rows = Object.entries(stats.byTopic).map(([topic, counts]) => [
    topic,
    ...QUESTION_TYPES.map((t) => String(counts[t])),
    String(QUESTION_TYPES.reduce((n, t) => n + counts[t], 0)),
  ]);
  rows.push(['TOTAL', ...QUESTION_TYPES.map((t) => String(stats.byType[t])), String(stats.questions)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (row: string[]) => '   ' + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const rule = '   ' + widths.map((w) => '-'.repeat(w)).join('  ');
  return [fmt(header), rule, ...rows.slice(0, -1).map(fmt), rule, fmt(rows[rows.length - 1])];
}

function fairnessLines(stats: DeckStats): string[] {
  const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : '-');
  const spread = stats.positions.map((n, i) => `${i + 1}: ${n} (${pct(n, stats.singles)})`).join('  ');
  const applies = stats.singles >= FAIRNESS.positionMinSingles ? '' : ` (rule applies from ${FAIRNESS.positionMinSingles} singles)`;
  return [
    `   correct position over ${stats.singles} single questions: ${spread}${applies}`,
    `   correct option strictly the longest: ${stats.longestCorrect}/${stats.singles} (${pct(stats.longestCorrect, stats.singles)}, min ${Math.round(FAIRNESS.longestMinShare * 100)}% from ${FAIRNESS.positionMinSingles} singles, max ${Math.round(FAIRNESS.longestMaxShare * 100)}%)`,
    `   correct option echoes a prompt word no distractor uses: ${stats.echoes}/${stats.singles}`,
  ];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

process.exitCode = main(process.argv.slice(2));
