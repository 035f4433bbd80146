import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStrictDeck, loadDecks } from '../../server/deck/load.js';
import { FIXTURES, fixture } from './helpers.js';

const dir = path.join(FIXTURES, 'load');

describe('loadDecks', () => {
  const { decks, problems } = loadDecks(dir);

  it('keeps the valid decks: a shipped one and an imported one (non-strict)', () => {
    expect(decks.map((d) => d.id)).toEqual(['b-good', 'd-imported']);
    const imported = decks.find((d) => d.id === 'd-imported');
    expect(imported?.source).toBe('import');
    expect(imported?.questions).toHaveLength(2);
  });

  it('refuses a broken deck with the checker messages', () => {
    const broken = problems.filter((p) => p.file.endsWith('c-broken.yaml'));
    expect(broken.map((p) => p.message)).toEqual([
      expect.stringMatching(/missing "title"/),
      expect.stringMatching(/exactly one option marked correct: true, found 2/),
    ]);
    expect(broken[1]).toMatchObject({ line: 13, questionId: 'lb-01' });
  });

  it('refuses question ids used in another deck, keeping the shipped deck even if the other sorts first', () => {
    const clash = problems.filter((p) => p.file.endsWith('a-imported-clash.yaml'));
    expect(clash).toEqual([
      expect.objectContaining({ line: 10, questionId: 'lg-01', message: expect.stringMatching(/already used in .*b-good\.yaml:8/) }),
    ]);
  });

  it('refuses a deck whose id is taken', () => {
    const dup = problems.filter((p) => p.file.endsWith('e-dup-deck-id.yaml'));
    expect(dup.map((p) => p.message)).toEqual([expect.stringMatching(/deck id "b-good" is already used/)]);
  });

  it('reports nothing else: warnings (missing why in imported decks) are not problems', () => {
    expect(problems).toHaveLength(4);
  });

  it('reports a missing folder instead of throwing', () => {
    const r = loadDecks(path.join(dir, 'nope'));
    expect(r.decks).toEqual([]);
    expect(r.problems[0].message).toMatch(/deck folder not found/);
  });
});

describe('strictness', () => {
  it('is strict unless the deck says source: import; strictIds overrides', () => {
    expect(isStrictDeck({ id: 'a' })).toBe(true);
    expect(isStrictDeck({ id: 'a', source: 'import' })).toBe(false);
    expect(isStrictDeck({ id: 'a', source: 'import' }, 'all')).toBe(true);
    expect(isStrictDeck({ id: 'a' }, ['b'])).toBe(false);
    expect(isStrictDeck({ id: 'b', source: 'import' }, ['b'])).toBe(true);
  });

  const tmp = mkdtempSync(path.join(tmpdir(), 'decks-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("refuses an imported deck under strictIds: 'all' (missing why), keeps it by default", () => {
    writeFileSync(path.join(tmp, 'd-imported.yaml'), fixture('load/d-imported.yaml').text);
    writeFileSync(path.join(tmp, 'valid.yaml'), fixture('valid.yaml').text);
    writeFileSync(path.join(tmp, 'readme.md'), '# not a deck');
    expect(loadDecks(tmp).decks.map((d) => d.id)).toEqual(['d-imported', 'valid']);
    const strict = loadDecks(tmp, { strictIds: 'all' });
    expect(strict.decks.map((d) => d.id)).toEqual(['valid']);
    expect(strict.problems.some((p) => p.questionId === 'd-imported-001' && /no "why"/.test(p.message))).toBe(true);
  });
});
