/**
 * The projector's players panel above PRESENCE_NAMES_MAX (300): a room of 301 players (seated in the
 * store, 120 of them connected, 50 answered) reloads its host screen mid-question; the panel shows counts
 * in words ("Too many players to list by name: 181 not connected, 251 yet to answer") and no per-player
 * rows or remove button. Screenshots test-results/screenshots/presence-counts-{1920,1280}.png; axe clean.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { randomId, randomToken } from '../../server/util/random.js';
import { PRESENCE_NAMES_MAX } from '../../shared/protocol.js';
import { axeScan, ensureClientBuilt, launchBrowser, screenshot, type BrowserSession } from '../helpers/browser.js';
import { startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
let browser: BrowserSession;
beforeAll(async () => {
  ensureClientBuilt();
  ({ app, url } = await startServer(buildApp));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const WAIT = { timeout: 15_000 };
const PLAYERS = PRESENCE_NAMES_MAX + 1;

describe('the players panel of a room over 300 players', () => {
  it('shows counts in words, no rows to tick', { timeout: 60_000 }, async () => {
    const host = await browser.open('projector', `${url}/host`);
    const hp = host.page;
    await hp.getByRole('radio', { name: /Test deck/ }).check();
    await hp.getByLabel('Time per question').selectOption('120');
    await hp.getByRole('button', { name: 'Create room' }).click();
    const joinUrl = (await hp.getByText(/\?pin=\d{6}$/).innerText()).trim();
    const pin = new URL(joinUrl).searchParams.get('pin')!;

    const store = app.game.store;
    const ids: string[] = [];
    for (let i = 0; i < PLAYERS; i++) {
      const name = `Player ${i}`;
      const id = randomId();
      ids.push(id);
      expect((await store.addPlayer(pin, { id, name, key: name.toLowerCase(), token: randomToken(), joinedAt: Date.now(), score: 0, streak: 0, correct: 0, correctTimeMs: 0, kicked: false }, 10_000)).status).toBe('ok');
      if (i < 120) await store.setOnline(pin, id, true);
    }
    // Seated behind the server's back: a reload (host:resume) shows them, 301 in all.
    await hp.reload();
    await hp.getByRole('button', { name: `Players 120/${PLAYERS}` }).waitFor(WAIT);
    await hp.getByRole('button', { name: 'Start game' }).click();
    await hp.getByText(`of ${PLAYERS} answered`).waitFor(WAIT);
    // Answers open after the question's get-ready beat (3 s by default): the store takes none before.
    const opened = (await store.getRoom(pin))!.openedAt;
    await new Promise((r) => setTimeout(r, Math.max(0, opened - Date.now())));
    for (const id of ids.slice(0, 50)) {
      expect((await store.recordAnswer(pin, 0, { playerId: id, answer: { type: 'single', option: 'A' }, at: Date.now() })).status).toBe('ok');
    }
    // The projector reloads: its state comes from host:resume alone.
    await hp.reload();
    await hp.getByText(`50 of ${PLAYERS} answered`).waitFor(WAIT);
    await hp.getByRole('button', { name: /^Players/ }).click();
    const panel = hp.getByRole('complementary', { name: 'Players' });
    await panel.getByRole('status').getByText(`120 of ${PLAYERS} connected · 50 answered`).waitFor(WAIT);
    await panel.getByText('Too many players to list by name: 181 not connected, 251 yet to answer.').waitFor(WAIT);
    expect(await panel.getByRole('checkbox').count()).toBe(0);
    expect(await panel.getByRole('button', { name: /Remove/ }).count()).toBe(0);
    expect(await axeScan(hp)).toEqual([]);
    await screenshot(hp, 'presence-counts-1920');
    await hp.setViewportSize({ width: 1280, height: 720 });
    await screenshot(hp, 'presence-counts-1280');
    expect(host.errors).toEqual([]);
  });
});
