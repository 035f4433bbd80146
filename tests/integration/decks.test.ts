/** The server loads decks through the checker at start: a broken deck is refused, the valid ones are offered. */
import { mkdtempSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { DeckSummary } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

describe('decks at start', () => {
  it('refuses a broken deck with the checker message and still starts with the valid ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cram-decks-'));
    copyFileSync('tests/fixtures/decks/test-deck.yaml', path.join(dir, 'test-deck.yaml'));
    writeFileSync(path.join(dir, 'broken.yaml'), 'id: broken\ntitle: Broken\ntopics: [{ id: a, title: A }]\nquestions:\n  - id: b1\n    topic: nope\n    type: single\n');
    const errors: string[] = [];
    const { app, url } = await startServer((o) => buildApp({ ...o, decksDir: dir }));
    closers.push(() => app.close());
    // The app logs refusals through fastify's logger; read them back from a direct check too.
    const { loadDecks } = await import('../../server/deck/load.js');
    const { problems } = loadDecks(dir);
    for (const p of problems) errors.push(`${path.basename(p.file)}:${p.line} ${p.message}`);
    expect(errors.some((e) => e.startsWith('broken.yaml:') && /topic/.test(e))).toBe(true);

    const b = new Bot(url);
    await b.connected();
    const list = expectOk(await b.call<{ decks: DeckSummary[] }>('decks:list', {}));
    expect(list.decks.map((d) => d.id)).toEqual(['test-deck']);
    expect(list.decks[0]).toMatchObject({ title: 'Test deck', questionCount: 3 });
    expect(list.decks[0].topics).toEqual([
      { id: 'inference', title: 'Inference options', questionCount: 1 },
      { id: 'orchestration', title: 'Orchestration', questionCount: 2 },
    ]);
    expect(JSON.stringify(list)).not.toMatch(/"correct"|"why"/);
    const r = await b.call('host:create', { deckId: 'broken' });
    expect(r).toMatchObject({ ok: false, error: { code: 'DECK_NOT_FOUND' } });
    b.close();
  });

  it('offers the built-in deck by default', async () => {
    const { app, url } = await startServer((o) => buildApp({ ...o, decksDir: undefined }));
    closers.push(() => app.close());
    const b = new Bot(url);
    await b.connected();
    const list = expectOk(await b.call<{ decks: DeckSummary[] }>('decks:list', {}));
    const deck = list.decks.find((d) => d.id === 'mle-a-deployment');
    expect(deck!.questionCount).toBeGreaterThanOrEqual(200);
    expect(deck!.topics).toHaveLength(24);
    b.close();
  });
});
