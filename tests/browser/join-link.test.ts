/**
 * A join link to another game never silently drops a saved seat: a phone seated in game A that opens
 * a link to game B is asked first. "Back to my game" keeps the seat in A; "Join game B" gives it up
 * and opens B's join form with its PIN filled in. Screenshot of the question at 390x844; axe clean.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { HostState } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { axeScan, ensureClientBuilt, launchBrowser, screenshot, type BrowserSession } from '../helpers/browser.js';
import { startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
let browser: BrowserSession;
const bots: Bot[] = [];
beforeAll(async () => {
  ensureClientBuilt();
  ({ app, url } = await startServer(buildApp));
  browser = await launchBrowser();
});
afterAll(async () => {
  bots.forEach((b) => b.close());
  await browser?.close();
  await app?.close();
});

const WAIT = { timeout: 10_000 };

async function room(): Promise<string> {
  const host = new Bot(url);
  bots.push(host);
  await host.connected();
  return expectOk(await host.call<{ state: HostState }>('host:create', { deckId: 'test-deck' })).state.pin;
}

describe('join links and saved seats', () => {
  it('asks before leaving a seat for another game', async () => {
    const [a, b] = [await room(), await room()];
    const phone = await browser.open('phone', `${url}/?pin=${a}`);
    const p = phone.page;
    await p.getByLabel('Nickname').fill('Ann');
    await p.getByRole('button', { name: 'Join' }).click();
    await p.getByText(/You’re in|waiting/i).first().waitFor(WAIT);
    expect(await app.game.store.playerCount(a)).toBe(1);

    // A link to game B: the phone asks.
    await p.goto(`${url}/?pin=${b}`);
    await p.getByRole('heading', { name: 'You’re already in a game' }).waitFor(WAIT);
    await p.getByText(/as Ann/).waitFor(WAIT);
    await screenshot(p, 'join-link-switch-390x844');
    expect(await axeScan(p)).toEqual([]);
    await p.getByRole('button', { name: 'Back to my game' }).click();
    await p.getByText(/You’re in|waiting/i).first().waitFor(WAIT);
    expect(await app.game.store.playerCount(a)).toBe(1);

    // Again, and this time switch: B's join form, its PIN filled in.
    await p.goto(`${url}/?pin=${b}`);
    await p.getByRole('button', { name: `Join game ${b}` }).click();
    await expect(p.getByLabel('Game PIN').inputValue()).resolves.toBe(b);
    await p.getByLabel('Nickname').fill('Ann');
    await p.getByRole('button', { name: 'Join' }).click();
    await p.getByText(/You’re in|waiting/i).first().waitFor(WAIT);
    expect(await app.game.store.playerCount(b)).toBe(1);
    expect(phone.errors).toEqual([]);
  });
});
