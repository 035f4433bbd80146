import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envExample, readmeTable, withReadmeTable } from '../../server/config-docs.js';
import { SETTINGS } from '../../server/config.js';

describe('settings docs are generated from server/config.ts (run `npm run config:docs` when this fails)', () => {
  it('.env.example is current', () => {
    expect(readFileSync('.env.example', 'utf8')).toBe(envExample());
  });

  it('the README settings table is current', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(withReadmeTable(readme)).toBe(readme);
    for (const s of Object.values(SETTINGS)) expect(readmeTable()).toContain(`| \`${s.env}\` |`);
  });
});
