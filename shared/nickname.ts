/**
 * The nickname rule, shared by the phone (to explain early) and the server (to enforce). A name is
 * shown on a projector in front of a class, so it must be visible, readable, honest and unique to
 * the eye (docs/security.md, "Nicknames"):
 * - NFKC-normalised (fullwidth "Ａｌｉｃｅ" becomes "Alice"), trimmed, inner whitespace collapsed;
 * - 1 to 20 characters, an emoji sequence counting as one;
 * - no control, format, bidi-control, private-use or unassigned characters and no invisible
 *   fillers (U+3164, U+2800, U+115F …), except inside ordinary emoji sequences (ZWJ U+200D,
 *   variation selectors, skin tones, keycaps, flags, subdivision-flag tags);
 * - at least one letter, digit or emoji; at most two combining marks on a letter;
 * - not a slur and not an impersonation of the host or the game ("HOST: game over").
 * `key` is the confusable skeleton (confusables.ts): a name whose skeleton a present player already
 * has is "taken", so a Cyrillic "Аlice" cannot sit next to "Alice".
 */
import { PLAIN_ASCII, plainSkeleton, skeleton } from './confusables.js';
import { blockedWord } from './nickname-words.js';
import { NICKNAME_MAX } from './protocol.js';

export type NicknameCheck = { ok: true; name: string; key: string } | { ok: false; message: string };

/** Longest raw input looked at (code points); the schema caps the payload at 200 characters. */
const RAW_MAX = 120;

/** Ordinary emoji sequences: each is one visible character. */
const EMOJI = new RegExp(
  [
    '\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2,6}\\u{E007F}', // subdivision flags (England, Scotland, Wales)
    '\\p{Regional_Indicator}{2}', // country flags
    '[0-9#*]\\uFE0F?\\u20E3', // keycaps
    '\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier})?(?:\\u200D\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier})?)*',
  ].join('|'),
  'gu',
);

/**
 * Never shown in a name (outside the emoji sequences above): controls (Cc), format characters (Cf:
 * bidi marks and embeddings, zero-widths, soft hyphen, tags …), private use, unassigned, surrogates,
 * line/paragraph separators, and the characters that render blank although Unicode calls them letters.
 */
// Variation selectors are listed on purpose (a stray one is invisible); the lint rule expects them only after a base.
// eslint-disable-next-line no-misleading-character-class
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u{1D159}\u{1D173}-\u{1D17A}]/u;

const TOO_MANY_MARKS = /\p{M}{3,}/u;
const VISIBLE = /[\p{L}\p{N}]/u;
const PLACEHOLDER = '\u{1F600}';

const fail = (message: string): NicknameCheck => ({ ok: false, message });

export function checkNickname(raw: unknown): NicknameCheck {
  if (typeof raw !== 'string') return fail('Type a nickname to join.');
  // Letters, digits and single inner spaces (most names): nothing to normalise, trim, collapse or refuse but
  // the length and the word list, so the Unicode steps below are skipped.
  if (raw.length <= NICKNAME_MAX && PLAIN_ASCII.test(raw)) {
    const key = plainSkeleton(raw);
    const why = blockedWord(raw, key, true);
    return why ? fail(why) : { ok: true, name: raw, key };
  }
  if ([...raw].length > RAW_MAX) return fail(`Nicknames are at most ${NICKNAME_MAX} characters — try a shorter one.`);
  // Only ordinary spaces and line ends are trimmed; anything else invisible is refused, not removed.
  const nfkc = raw.normalize('NFKC').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  // Each emoji sequence stands for one ordinary character while the rest is checked.
  if (FORBIDDEN.test(nfkc.replace(EMOJI, PLACEHOLDER))) return fail('That nickname has invisible or control characters — try letters, numbers or emoji.');
  const name = nfkc.replace(/\s+/g, ' ').trim();
  if (name.length === 0) return fail('Type a nickname to join.');
  const emojiCount = (name.match(EMOJI) ?? []).length;
  const plain = name.replace(EMOJI, PLACEHOLDER);
  if (TOO_MANY_MARKS.test(plain)) return fail('That nickname has too many accents stacked on one letter — try a plainer one.');
  if (emojiCount === 0 && !VISIBLE.test(plain)) return fail('A nickname needs at least one letter, number or emoji.');
  if ([...plain].length > NICKNAME_MAX) return fail(`Nicknames are at most ${NICKNAME_MAX} characters — try a shorter one.`);
  const key = skeleton(name);
  const why = blockedWord(name, key);
  if (why) return fail(why);
  return { ok: true, name, key };
}
