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

export function skeleton(name: string): string {
  // The same steps on plain ASCII: no marks to drop, and of LOOKALIKE only I, 1 (and then i) -> l and 0 -> o apply.
  if (PLAIN_ASCII.test(name)) {
    return name.replace(/[I1]/g, 'l').replace(/0/g, 'o').toLowerCase().replace(/i/g, 'l').replace(/ /g, '').replace(/rn/g, 'm').replace(/vv/g, 'w');
  }
  let s = name.normalize('NFKD').replace(/\p{M}/gu, '');
  s = [...s].map((c) => LOOKALIKE[c] ?? c).join('');
  s = s.toLowerCase();
  // Letters again after lower-casing (capitals that only became lookalikes now); i and l are one
  // letter here, so "ALICE", "AIice" and "Alice" all match.
  s = [...s].map((c) => (c === 'i' ? 'l' : (LOOKALIKE[c] ?? c))).join('');
  s = s.replace(/[\s\p{P}\p{Zs}_]+/gu, '');
  return s.replace(/rn/g, 'm').replace(/vv/g, 'w');
}
