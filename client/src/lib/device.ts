/** The phone's private device id (no account): the key of its weak spots on the server. Kept in localStorage. */
import { load, save } from './storage.js';

const KEY = 'cramnight:device';
const isId = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{22,64}$/.test(v);

function fresh(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function deviceId(): string {
  const known = load(KEY, isId);
  if (known) return known;
  const id = fresh();
  save(KEY, id);
  return id;
}
