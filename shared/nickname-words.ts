/**
 * A small built-in list of names a projector should never show: slurs, and names that pass for
 * the host or the game itself ("HOST: game over", "System"). Matched on skeletons (confusables.ts),
 * with common digit-for-letter swaps undone, so "N1gg3r" or "Ｈｏｓｔ" do not slip by. It is
 * deliberately short: a host can still kick a name this list does not know.
 */
import { skeleton } from './confusables.js';

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

/** A skeleton's readings: as is, with digit-for-letter swaps undone, and with l read as i (skeleton folds I, 1 and | to l). */
function readings(key: string): string[] {
  const unleet = /[34579@$]/.test(key) ? key.replace(/3/g, 'e').replace(/4|@/g, 'a').replace(/5|\$/g, 's').replace(/7/g, 't').replace(/9/g, 'g') : key;
  return [key, unleet, unleet.replace(/l/g, 'i')];
}

/** Whether a word's readings hold a word of `list`, as is or as its plural. */
const has = (list: Set<string>, w: string[]) => w.some((r) => list.has(r) || (r.endsWith('s') && list.has(r.slice(0, -1))));

/** Why a name is refused, or null. `key` is its skeleton. */
export function blockedWord(name: string, key: string): string | null {
  const whole = readings(key);
  const words = name
    .split(/[\s\p{P}\p{S}]+/u)
    .filter(Boolean)
    .map((w) => readings(skeleton(w)));
  if (whole.some((r) => SLUR_INSIDE.test(r)) || words.some((w) => has(SLUR_WORDS, w))) {
    return 'That nickname is not allowed here — pick a friendly one.';
  }
  if ((words.length > 0 && has(OFFICIAL_WORDS, words[0])) || whole.some((r) => OFFICIAL_INSIDE.test(r))) {
    return 'That nickname looks like a message from the game — pick another.';
  }
  return null;
}
