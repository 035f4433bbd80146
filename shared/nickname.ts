import { NICKNAME_MAX } from './protocol.js';

export type NicknameCheck = { ok: true; name: string; key: string } | { ok: false; message: string };

/** Control characters and invisible format characters are never part of a name. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

/**
 * Nickname rule shared by the phone (to explain early) and the server (to enforce):
 * trimmed, inner whitespace collapsed, 1 to 20 characters, no control characters.
 * `key` is the form compared for uniqueness within a room (case-insensitive).
 */
export function checkNickname(raw: unknown): NicknameCheck {
  if (typeof raw !== 'string') return { ok: false, message: 'Type a nickname to join.' };
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name.length === 0) return { ok: false, message: 'Type a nickname to join.' };
  if (FORBIDDEN.test(name)) return { ok: false, message: 'That nickname has characters we can’t show — try letters and numbers.' };
  if ([...name].length > NICKNAME_MAX) return { ok: false, message: `Nicknames are at most ${NICKNAME_MAX} characters — try a shorter one.` };
  return { ok: true, name, key: name.toLocaleLowerCase('en-US') };
}
