/**
 * The "looks the same" form of a nickname, for "that nickname is taken": two names with the same
 * skeleton would look alike on the projector. After NFKC (which already folds fullwidth and other
 * compatibility forms), accents are dropped, Cyrillic and Greek lookalikes of Latin letters become
 * those letters, i/I/1/| become l and 0 becomes o, rn becomes m, vv becomes w, case is folded, and
 * spaces and punctuation are ignored. A small hand-made subset of Unicode's confusables (UTS #39)
 * covering the scripts a class actually types; emoji are kept as they are.
 */

/** Single characters that look like a Latin letter (lower case result). */
const LOOKALIKE: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'l', ї: 'l', ј: 'j', ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w', ɡ: 'g', ь: 'b', ү: 'y',
  А: 'a', В: 'b', Е: 'e', Ё: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', У: 'y', Х: 'x',
  Ѕ: 's', І: 'l', Ї: 'l', Ј: 'j', Ԁ: 'd', Һ: 'h', Ӏ: 'l', Ԛ: 'q', Ԝ: 'w', Ү: 'y',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'l', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'l', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  // Latin and symbols that pass for letters
  I: 'l', ı: 'l', ł: 'l', ƚ: 'l', '1': 'l', '|': 'l', ǀ: 'l', '0': 'o', ø: 'o', Ø: 'o', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe',
  ð: 'd', đ: 'd', Đ: 'd', ħ: 'h', ŧ: 't', ɑ: 'a', ɩ: 'l', ʀ: 'r', ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'l',
  ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ꞯ: 'q', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
};

/** Letters, digits and single inner spaces only: what most names are, and what `skeleton` can fold without Unicode tables. */
export const PLAIN_ASCII = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

/**
 * Each ASCII character's replacement in a one-pass map (`mapAscii`): 0 keeps it, DROP removes it, any other
 * value is the character code it becomes.
 */
export type AsciiMap = Uint8Array;
export const DROP = 1;

/** An AsciiMap from pairs of (characters, what each becomes: one character, or '' to drop it). */
export function asciiMap(pairs: [from: string, to: string][]): AsciiMap {
  const t = new Uint8Array(128);
  for (const [from, to] of pairs) for (const c of from) t[c.charCodeAt(0)] = to === '' ? DROP : to.charCodeAt(0);
  return t;
}

/** `s` with each ASCII character replaced as `map` says (other characters kept): one pass, `s` itself if nothing changes. */
export function mapAscii(s: string, map: AsciiMap): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const to = c < 128 ? map[c] : 0;
    if (to === 0) continue;
    out += to === DROP ? s.slice(from, i) : s.slice(from, i) + String.fromCharCode(to);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** On plain ASCII, `skeleton`'s one-character folds: I, i, 1 -> l, 0 -> o, capitals to lower case, spaces dropped. */
const PLAIN_FOLD = asciiMap([
  ['Ii1', 'l'],
  ['0', 'o'],
  [' ', ''],
  ...[...'ABCDEFGHJKLMNOPQRSTUVWXYZ'].map((c): [string, string] => [c, c.toLowerCase()]),
]);

/**
 * `skeleton` of a PLAIN_ASCII name: the same steps, of which only these apply (no marks to drop, and of
 * LOOKALIKE only I, 1 (and then i) -> l and 0 -> o), the one-character folds in one pass.
 */
export function plainSkeleton(name: string): string {
  const s = mapAscii(name, PLAIN_FOLD);
  const m = s.includes('rn') ? s.replace(/rn/g, 'm') : s;
  return m.includes('vv') ? m.replace(/vv/g, 'w') : m;
}

export function skeleton(name: string): string {
  if (PLAIN_ASCII.test(name)) return plainSkeleton(name);
  let s = name.normalize('NFKD').replace(/\p{M}/gu, '');
  s = [...s].map((c) => LOOKALIKE[c] ?? c).join('');
  s = s.toLowerCase();
  // Letters again after lower-casing (capitals that only became lookalikes now); i and l are one
  // letter here, so "ALICE", "AIice" and "Alice" all match.
  s = [...s].map((c) => (c === 'i' ? 'l' : (LOOKALIKE[c] ?? c))).join('');
  s = s.replace(/[\s\p{P}\p{Zs}_]+/gu, '');
  return s.replace(/rn/g, 'm').replace(/vv/g, 'w');
}
