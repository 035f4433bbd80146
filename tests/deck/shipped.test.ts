import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../server/deck/issues.js';
import { loadDecks } from '../../server/deck/load.js';
import { BUILTIN_DECK_ID } from '../../server/deck/requirements.js';
import { readDeckHeader, validateDeckText } from '../../server/deck/validate.js';
import { FIXTURES, ROOT } from './helpers.js';

const decksDir = path.join(ROOT, 'content', 'decks');
const files = existsSync(decksDir) ? readdirSync(decksDir).filter((f) => f.endsWith('.yaml')).sort() : [];

describe('shipped decks in content/decks', () => {
  // Decks we write are checked strictly; a deck converted by content:import (source: import) is
  // checked non-strictly, as the server does. Either way: zero errors.
  it.each(files.length ? files : ['(none yet)'])('%s has no errors', (name) => {
    if (!files.length) return;
    const file = path.join('content', 'decks', name);
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const strict = readDeckHeader(text).source !== 'import';
    const r = validateDeckText(text, file, { strict });
    expect(r.errors.map((e) => formatIssue(e))).toEqual([]);
    expect(r.deck).not.toBeNull();
  });

  it(`${BUILTIN_DECK_ID} has no warnings either`, () => {
    const file = path.join('content', 'decks', `${BUILTIN_DECK_ID}.yaml`);
    const r = validateDeckText(readFileSync(path.join(ROOT, file), 'utf8'), file, { strict: true });
    expect(r.warnings.map((w) => formatIssue(w))).toEqual([]);
  });

  it('load together without cross-deck problems', () => {
    const { decks, problems } = loadDecks(decksDir);
    expect(problems.map((p) => formatIssue(p))).toEqual([]);
    expect(decks).toHaveLength(files.length);
  });
});

describe('npm run content:check', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'content-check.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('passes on the shipped decks', () => {
    const r = run();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('passes on a valid deck and prints its table', () => {
    const r = run(path.join(FIXTURES, 'valid.yaml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/== valid — Fixture deck .* OK \(strict\)/);
    expect(r.stdout).toMatch(/topic\s+single\s+multi\s+truefalse\s+match\s+order\s+total/);
    expect(r.stdout).toMatch(/TOTAL\s+2\s+1\s+2\s+1\s+1\s+7/);
    expect(r.stdout).toMatch(/correct option strictly the longest: 0\/2/);
    expect(r.stdout).toMatch(/coverage by exam task/);
    expect(r.stdout).toMatch(/^ {5}3\.1 {2}\d+ +\w/m);
    expect(r.stdout).toMatch(/^ {5}3\.2 {2}0 +-$/m);
    expect(r.stdout).toMatch(/Domain 4 share: 0\/7 \(0%\)/);
    expect(r.stdout).toMatch(/skills of task 3\.2: sdk-deploy 0, endpoint-vpc 0, scaling-metric 0, scaling-policies 0, stack-sharing 0, iac-sagemaker 0/);
  });

  it('exits 1 and prints file:line [question-id] message on errors', () => {
    const r = run(path.join('tests', 'deck', 'fixtures', 'unknown-topic.yaml'), path.join('tests', 'deck', 'fixtures', 'bad-yaml.yaml'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${path.join('tests', 'deck', 'fixtures', 'unknown-topic.yaml')}:9 [ut-01] unknown topic "cloudformation"`);
    expect(r.stdout).toMatch(/bad-yaml\.yaml:12 YAML syntax error/);
    expect(r.stdout).toMatch(/2 deck files checked: 2 errors/);
  });
});
