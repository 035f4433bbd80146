/**
 * A small built-in list of names a projector should never show: slurs, and names that pass for
 * the host or the game itself ("HOST: game over", "System"). Matched on skeletons (confusables.ts),
 * with common digit-for-letter swaps undone, so "N1gg3r" or "Ｈｏｓｔ" do not slip by. It is
 * deliberately short: a host can still kick a name this list does not know.
 */
import { asciiMap, mapAscii, plainSkeleton, skeleton } from './confusables.js';

/** Slurs refused wherever they appear inside a name (long enough not to hit innocent words). */
const SLURS_ANYWHERE = ['nigger', 'nigga', 'faggot', 'retard', 'tranny', 'kike', 'wetback', 'chink', 'spastic'];
/** Slurs refused as a whole word only ("spic" but not "spicy"). */
const SLURS_WORD = ['fag', 'spic', 'coon', 'dyke', 'paki', 'gook', 'cunt', 'twat', 'whore', 'slut'];
/** First words that make a name speak for the game. */
const OFFICIAL_FIRST = ['host', 'system', 'server', 'admin', 'administrator', 'moderator', 'mod', 'official', 'teacher', 'quizmaster'];
/** Phrases that announce something on the game's behalf. */
const OFFICIAL_ANYWHERE = ['gameover', 'gameended', 'youwon', 'youwin', 'youlost', 'winneris', 'cramnight'];

// The lists as one pattern or set each (lower-case letters only: nothing to escape), so a name costs a few look-ups.
const SLUR_INSIDE = new RegExp(SLURS_ANYWHERE.join('|'));
const SLUR_WORDS = new Set(SLURS_WORD);
const OFFICIAL_WORDS = new Set(OFFICIAL_FIRST);
const OFFICIAL_INSIDE = new RegExp(OFFICIAL_ANYWHERE.join('|'));
/** Either list's phrases: a name none of whose readings holds one (almost every name) needs only the word look-ups. */
const ANY_INSIDE = new RegExp([...SLURS_ANYWHERE, ...OFFICIAL_ANYWHERE].join('|'));
/** Digit-for-letter swaps undone (3 -> e, 4 and @ -> a, 5 and $ -> s, 7 -> t, 9 -> g), and l read as i. */
const UNLEET = asciiMap([
  ['3', 'e'],
  ['4@', 'a'],
  ['5$', 's'],
  ['7', 't'],
  ['9', 'g'],
]);
const L_AS_I = asciiMap([['l', 'i']]);
/** What separates a name's words (spaces, punctuation, symbols). */
const SEPARATORS = /[\s\p{P}\p{S}]+/u;

/**
 * A skeleton's readings: as is, with digit-for-letter swaps undone, and with l read as i (skeleton folds I, 1
 * and | to l). Each distinct reading once (a name with no digits and no l has one), since every check asks
 * whether some reading matches.
 */
function readings(key: string): string[] {
  const unleet = mapAscii(key, UNLEET);
  const li = mapAscii(unleet, L_AS_I);
  if (unleet === key) return li === key ? [key] : [key, li];
  return li === unleet ? [key, unleet] : [key, unleet, li];
}

/** Whether a word's readings hold a word of `list`, as is or as its plural. */
function has(list: Set<string>, readings: string[]): boolean {
  for (const r of readings) if (list.has(r) || (r.endsWith('s') && list.has(r.slice(0, -1)))) return true;
  return false;
}

/** Whether one of the readings holds a phrase of `pattern`. */
function holds(pattern: RegExp, readings: string[]): boolean {
  for (const r of readings) if (pattern.test(r)) return true;
  return false;
}

const SLUR = 'That nickname is not allowed here — pick a friendly one.';
const OFFICIAL = 'That nickname looks like a message from the game — pick another.';

/**
 * Why a name is refused, or null: a slur inside the name or as one of its words (or their plurals), else a
 * first word or a phrase that speaks for the game. `key` is its skeleton (`skeleton(name)`). `plain`: the name
 * is PLAIN_ASCII (letters, digits, single inner spaces), so its words are split at its spaces and folded by
 * `plainSkeleton`, as the Unicode steps would fold them. Loops, not closures: it runs on every join.
 */
export function blockedWord(name: string, key: string, plain = false): string | null {
  const whole = readings(key);
  const inside = holds(ANY_INSIDE, whole);
  if (inside && holds(SLUR_INSIDE, whole)) return SLUR;
  // One word (no separator): its skeleton is the whole name's.
  const parts = plain ? (name.includes(' ') ? name.split(' ') : null) : SEPARATORS.test(name) ? name.split(SEPARATORS).filter(Boolean) : null;
  let first: string[] | null = whole;
  if (parts) {
    first = null;
    for (const part of parts) {
      const word = readings(plain ? plainSkeleton(part) : skeleton(part));
      first ??= word;
      if (has(SLUR_WORDS, word)) return SLUR;
    }
  } else if (has(SLUR_WORDS, whole)) return SLUR;
  if ((first && has(OFFICIAL_WORDS, first)) || (inside && holds(OFFICIAL_INSIDE, whole))) return OFFICIAL;
  return null;
}
