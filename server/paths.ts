/**
 * Where the app finds its files, whether it runs from source (server/*.ts through tsx) or compiled
 * (dist/server/*.js): the project root is the nearest directory above this file holding package.json.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export const ROOT = projectRoot();
export const BUILTIN_DECKS_DIR = path.join(ROOT, 'content', 'decks');
export const CLIENT_DIR = path.join(ROOT, 'dist', 'client');
