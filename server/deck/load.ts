/**
 * Loads every deck of a folder through the checker. A broken deck is refused
 * (its errors become problems) and the valid ones are kept, so the server
 * still starts. Strictness: a deck is checked strictly unless its YAML says
 * `source: import` (a deck converted by `npm run content:import`); opts.strictIds
 * overrides this ('all', or the list of deck ids to check strictly).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Deck } from '../../shared/deck.js';
import { sortIssues, type DeckIssue } from './issues.js';
import { checkDeckText, readDeckHeader, type DeckCheck } from './validate.js';

export interface LoadOptions {
  strictIds?: string[] | 'all';
}

export interface DeckFileResult {
  file: string;
  strict: boolean;
  /** Null when the file could not be read. */
  check: DeckCheck | null;
  accepted: boolean;
  /** Errors that refused this deck: its own and cross-deck ones. */
  problems: DeckIssue[];
}

export function isStrictDeck(header: { id?: string; source?: string }, strictIds?: string[] | 'all'): boolean {
  if (strictIds === 'all') return true;
  if (Array.isArray(strictIds)) return header.id !== undefined && strictIds.includes(header.id);
  return header.source !== 'import';
}

export function loadDecks(dir: string, opts: LoadOptions = {}): { decks: Deck[]; problems: DeckIssue[] } {
  const files = listDeckFiles(dir);
  if (files === null) {
    return { decks: [], problems: [{ file: dir, line: 0, message: 'deck folder not found: create it or point the server at the right folder' }] };
  }
  const { decks, problems } = checkDeckFiles(files, opts);
  return { decks, problems };
}

/** Every `*.yaml` file of dir, sorted; null when dir does not exist. */
export function listDeckFiles(dir: string): string[] | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return null;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Checks files one by one, then across decks: deck ids and question ids must
 * be unique over all accepted decks. Strict (shipped) decks are accepted
 * first, so an imported deck cannot push a shipped one out with a clashing id.
 */
export function checkDeckFiles(files: string[], opts: LoadOptions = {}): {
  results: DeckFileResult[];
  decks: Deck[];
  problems: DeckIssue[];
} {
  const results: (DeckFileResult & { idLine?: number })[] = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const message = `cannot read the deck file: ${(err as Error).message}`;
      return { file, strict: true, check: null, accepted: false, problems: [{ file, line: 0, message }] };
    }
    const strict = isStrictDeck(readDeckHeader(text), opts.strictIds);
    const check = checkDeckText(text, file, { strict });
    const base = path.basename(file, '.yaml');
    if (check.candidate?.id && check.candidate.id !== base) {
      check.warnings.push({ file, line: idLine(text), message: `deck id "${check.candidate.id}" differs from the file name: name the file ${check.candidate.id}.yaml` });
    }
    return { file, strict, check, accepted: check.deck !== null, problems: [...check.errors], idLine: idLine(text) };
  });

  const deckOwner = new Map<string, string>();
  const questionOwner = new Map<string, { file: string; line: number }>();
  const order = [...results].sort((a, b) => Number(b.strict) - Number(a.strict));
  for (const r of order) {
    const deck = r.check?.deck;
    if (!r.accepted || !deck || !r.check) continue;
    const clashes: DeckIssue[] = [];
    const owner = deckOwner.get(deck.id);
    if (owner) {
      clashes.push({ file: r.file, line: r.idLine ?? 1, message: `deck id "${deck.id}" is already used by ${owner}: give this deck another id` });
    }
    for (const q of deck.questions) {
      const other = questionOwner.get(q.id);
      if (other) {
        clashes.push({
          file: r.file,
          line: r.check.questionLines.get(q.id) ?? 1,
          questionId: q.id,
          message: `question id "${q.id}" is already used in ${other.file}:${other.line}: question ids must be unique across all decks`,
        });
      }
    }
    if (clashes.length > 0) {
      r.accepted = false;
      r.problems.push(...clashes);
      continue;
    }
    deckOwner.set(deck.id, r.file);
    for (const q of deck.questions) questionOwner.set(q.id, { file: r.file, line: r.check.questionLines.get(q.id) ?? 1 });
  }

  for (const r of results) delete r.idLine;
  const decks = results.filter((r) => r.accepted && r.check?.deck).map((r) => r.check!.deck as Deck);
  const problems = sortIssues(results.flatMap((r) => r.problems));
  return { results, decks, problems };
}

/** Line of the top-level `id:` of a deck file (1 when not found). */
function idLine(text: string): number {
  return text.split(/\r?\n/).findIndex((l) => /^id\s*:/.test(l)) + 1 || 1;
}
