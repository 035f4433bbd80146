/**
 * The nickname rule as a table: hostile names (invisible, bidi, control, lookalikes, slurs,
 * impersonations) are refused with words to act on; ordinary names, accents, scripts and emoji
 * sequences (ZWJ, variation selectors, skin tones, flags, keycaps) are allowed; lookalikes share a key.
 */
import { describe, expect, it } from 'vitest';
import { skeleton } from '../../shared/confusables.js';
import { checkNickname } from '../../shared/nickname.js';

type Row = [label: string, raw: string, expected: 'ok' | RegExp, shownAs?: string];

const INVISIBLE = /invisible or control characters/;
const EMPTY = /Type a nickname/;
const NO_LETTER = /at least one letter, number or emoji/;
const NOT_ALLOWED = /not allowed here/;
const OFFICIAL = /message from the game/;
const LONG = /at most 20 characters/;

const TABLE: Row[] = [
  // Ordinary names
  ['plain', 'Alice', 'ok'],
  ['spaces collapsed', '  Bob   the  Builder ', 'ok', 'Bob the Builder'],
  ['accents', 'Zoë Ångström', 'ok'],
  ['Cyrillic name', 'Дмитрий', 'ok'],
  ['Greek name', 'Σωκράτης', 'ok'],
  ['Japanese', '日本語の名前', 'ok'],
  ['Arabic', 'مريم', 'ok'],
  ['Hindi (combining marks)', 'प्रिया', 'ok'],
  ['digits', 'Player 42', 'ok'],
  ['markup stays text', '<b>Bob</b>', 'ok'],
  ['apostrophe', "O'Brien", 'ok'],
  ['emoji alone', '🦊', 'ok'],
  ['emoji with text', 'Fox 🦊', 'ok'],
  ['ZWJ family', '👩‍👩‍👧‍👦 Fam', 'ok'],
  ['ZWJ profession + skin tone', '👩🏽‍💻 Dev', 'ok'],
  ['variation selector heart', '❤️ Love', 'ok'],
  ['rainbow flag (ZWJ + VS)', '🏳️‍🌈', 'ok'],
  ['country flag', '🇫🇷 Marie', 'ok'],
  ['subdivision flag (tags)', '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scot', 'ok'],
  ['keycap', '#️⃣1', 'ok'],
  ['20 emoji count as 20', '🦊'.repeat(20), 'ok'],
  ['fullwidth folded by NFKC', 'Ａｌｉｃｅ', 'ok', 'Alice'],
  ['ligature folded by NFKC', 'ﬁona', 'ok', 'fiona'],
  // Invisible, control and bidi
  ['empty', '', EMPTY],
  ['spaces only', '     ', EMPTY],
  ['Hangul filler U+3164', '\u3164', INVISIBLE],
  ['Hangul filler between letters', 'A\u3164B', INVISIBLE],
  ['Braille blank U+2800', '\u2800\u2800', INVISIBLE],
  ['soft hyphen U+00AD', 'Al\u00ADice', INVISIBLE],
  ['soft hyphens only', '\u00AD\u00AD', INVISIBLE],
  ['tag characters', 'Bob\u{E0041}\u{E0042}', INVISIBLE],
  ['Arabic letter mark U+061C', 'Bob\u061C', INVISIBLE],
  ['right-to-left override', '\u202Eecila', INVISIBLE],
  ['isolates', '\u2066Bob\u2069', INVISIBLE],
  ['left-to-right mark', 'Bob\u200E', INVISIBLE],
  ['zero-width space', 'Al\u200Bice', INVISIBLE],
  ['stray ZWJ between letters', 'Al\u200Dice', INVISIBLE],
  ['stray variation selector', 'A\uFE0F', INVISIBLE],
  ['BOM', '\uFEFFBob', INVISIBLE],
  ['NUL and tab', 'tab\there\u0000', INVISIBLE],
  ['Hangul choseong filler', '\u115F\u1160', INVISIBLE],
  ['halfwidth filler', '\uFFA0Bob', INVISIBLE],
  ['private use', 'Bob\uE000', INVISIBLE],
  ['line separator', 'Bob\u2028Eve', INVISIBLE],
  ['no-break spaces are spaces', 'Bob\u00A0\u3000Eve', 'ok', 'Bob Eve'],
  ['trailing newline of a paste', 'Bob\n', 'ok', 'Bob'],
  ['zalgo', 'Z\u0301\u0302\u0303\u0304algo', /too many accents/],
  ['punctuation only', '!!! ...', NO_LETTER],
  ['too long', 'x'.repeat(21), LONG],
  ['huge input', 'x'.repeat(150), LONG],
  // Slurs and impersonation
  ['slur', 'nigger', NOT_ALLOWED],
  ['slur inside a name', 'BigFaggot99', NOT_ALLOWED],
  ['slur in leetspeak', 'N1gg3r', NOT_ALLOWED],
  ['slur in Cyrillic lookalikes', 'rеtаrd', NOT_ALLOWED],
  ['short slur as a word', 'you fag', NOT_ALLOWED],
  ['innocent word holding a short slur', 'Spicy Tuna', 'ok'],
  ['host announcement', 'HOST: game over', OFFICIAL],
  ['host, fullwidth', 'Ｈｏｓｔ', OFFICIAL],
  ['host, Cyrillic o', 'Hоst', OFFICIAL],
  ['system', 'System', OFFICIAL],
  ['admin message', 'Admin - you won', OFFICIAL],
  ['game over announcement', 'GAME OVER', OFFICIAL],
  ['app name', 'Cram Night', OFFICIAL],
  ['a word starting with host', 'Hostess Twinkie', 'ok'],
];

describe('nickname rule: a table of hostile and ordinary names', () => {
  it('has at least 40 rows', () => expect(TABLE.length).toBeGreaterThanOrEqual(40));
  for (const [label, raw, expected, shownAs] of TABLE) {
    it(`${label}: ${expected === 'ok' ? 'allowed' : 'refused'}`, () => {
      const r = checkNickname(raw);
      if (expected === 'ok') {
        expect(r, JSON.stringify(raw)).toMatchObject({ ok: true });
        if (r.ok && shownAs) expect(r.name).toBe(shownAs);
      } else {
        expect(r.ok, JSON.stringify(raw)).toBe(false);
        if (!r.ok) expect(r.message).toMatch(expected);
      }
    });
  }
});

describe('nickname keys: lookalikes of a present player are "taken"', () => {
  const key = (s: string) => {
    const r = checkNickname(s);
    if (!r.ok) throw new Error(`${s}: ${r.message}`);
    return r.key;
  };
  it.each([
    ['Alice', 'Аlice'], // Cyrillic A
    ['Alice', 'Ａｌｉｃｅ'], // fullwidth
    ['Alice', 'ALICE'],
    ['Alice', 'AIice'], // capital I for l
    ['Alice', 'A1ice'],
    ['Alice', 'Alicé'],
    ['Alice', 'Al ice'],
    ['Bob', 'Вов'], // Cyrillic Ve, o, ve
    ['Tom', 'Τοm'], // Greek Tau, omicron
    ['Marie', 'rnarie'], // rn for m
    ['Otto', '0tto'],
  ])('%s and %s share a key', (a, b) => expect(key(b)).toBe(key(a)));
  it('distinct names keep distinct keys', () => {
    const names = ['Alice', 'Alicia', 'Bob', 'Bobby', 'Student 1', 'Student 2', 'Student 10', 'Student 11', '🦊', '🐺', 'Zoë', 'Zoe Ann'];
    expect(new Set(names.map(key)).size).toBe(names.length);
  });
});

describe('plain names (letters, digits, single spaces) take a shortcut to the same answer', () => {
  // Pieces that exercise every fold the shortcut does (I/i/1 -> l, 0 -> o, rn -> m, vv -> w, case) and the word list.
  const PIECES = ['I', 'i', 'l', '1', '0', 'O', 'o', 'rn', 'vv', 'W', '3', '4', '5', '7', '9', 'a', 'Bot', 'host', 'ADMIN', 'm0d', 'Game', 'over', 'x', 'Z'];
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const name = () => {
    const words = Array.from({ length: 1 + Math.floor(next() * 3) }, () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => PIECES[Math.floor(next() * PIECES.length)]).join(''));
    return words.join(' ');
  };
  /** The same name in fullwidth letters: NFKC folds it back, but only through the Unicode path. */
  const fullwidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const names = Array.from({ length: 2000 }, name);

  it('checks a plain name exactly as its fullwidth twin, refusals and words included', () => {
    let refused = 0;
    for (const n of names) {
      const plain = checkNickname(n);
      expect(plain, n).toEqual(checkNickname(fullwidth(n)));
      if (!plain.ok) refused++;
    }
    // Both kinds of answer were compared: names over 20 characters and names the word list refuses.
    expect(refused).toBeGreaterThan(100);
    expect(refused).toBeLessThan(names.length - 100);
  });

  it('folds a plain name to the same key as the Unicode path does (a combining accent sends it there)', () => {
    for (const n of names) expect(skeleton(n), n).toBe(skeleton(`${n}\u0301`));
  });
});

describe('the word list check answers as the rule says, shortcuts and all', () => {
  // The rule as stated, with no shortcut: every reading (as is, leet undone, l read as i) of the whole
  // skeleton and of each word's skeleton, the word split at any space, punctuation or symbol.
  const readings = (k: string) => {
    const u = k.replace(/3/g, 'e').replace(/4|@/g, 'a').replace(/5|\$/g, 's').replace(/7/g, 't').replace(/9/g, 'g');
    return [k, u, u.replace(/l/g, 'i')];
  };
  const inList = (list: string[], r: string) => list.includes(r) || (r.endsWith('s') && list.includes(r.slice(0, -1)));
  const rule = (name: string): 'slur' | 'official' | null => {
    const whole = readings(skeleton(name));
    const words = name
      .split(/[\s\p{P}\p{S}]+/u)
      .filter(Boolean)
      .map((w) => readings(skeleton(w)));
    const slurInside = ['nigger', 'nigga', 'faggot', 'retard', 'tranny', 'kike', 'wetback', 'chink', 'spastic'];
    const slurWord = ['fag', 'spic', 'coon', 'dyke', 'paki', 'gook', 'cunt', 'twat', 'whore', 'slut'];
    const officialFirst = ['host', 'system', 'server', 'admin', 'administrator', 'moderator', 'mod', 'official', 'teacher', 'quizmaster'];
    const officialInside = ['gameover', 'gameended', 'youwon', 'youwin', 'youlost', 'winneris', 'cramnight'];
    if (whole.some((r) => slurInside.some((s) => r.includes(s))) || words.some((w) => w.some((r) => inList(slurWord, r)))) return 'slur';
    if ((words.length > 0 && words[0].some((r) => inList(officialFirst, r))) || whole.some((r) => officialInside.some((s) => r.includes(s)))) return 'official';
    return null;
  };
  const verdict = (name: string) => {
    const c = checkNickname(name);
    if (c.ok) return null;
    return NOT_ALLOWED.test(c.message) ? 'slur' : OFFICIAL.test(c.message) ? 'official' : 'other';
  };
  const PIECES = ['n1gg', 'er', 'a', 'fag', 's', 'sp1c', 'K1ke', 'c00n', 'Host', 'm0d', 'y0u', 'w1n', 'Game', '0ver', 'cram', 'night', 'l', 'I', '5', 'x', 'Bo', 't'];
  const SEPS = [' ', ' ', ' ', '.', '-', '_', '!', ''];
  let seed = 11;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const names = Array.from({ length: 3000 }, () =>
    Array.from({ length: 1 + Math.floor(next() * 3) }, () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(PIECES)).join('')).reduce((a, w) => a + pick(SEPS) + w),
  );

  it('refuses exactly the names the rule refuses, for the reason it gives (plain names and names with punctuation)', () => {
    const seen = { slur: 0, official: 0, none: 0, plain: 0 };
    for (const n of names) {
      if (n.length > 20) continue;
      const expected = rule(n);
      expect(verdict(n), n).toBe(expected);
      seen[expected ?? 'none']++;
      if (/^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/.test(n)) seen.plain++;
    }
    // Every kind of answer was compared, on plain names and others.
    expect(Math.min(seen.slur, seen.official, seen.none)).toBeGreaterThan(100);
    expect(seen.plain).toBeGreaterThan(300);
  });
});
