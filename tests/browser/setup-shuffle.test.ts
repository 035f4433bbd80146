/**
 * The host's setup offers "Shuffle the answer options" (on by default); unticked, the room is created with
 * the options in the deck's order and the lobby's settings say so. Screenshot host-setup-shuffle-1280.png.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { ensureClientBuilt, launchBrowser, screenshot, type BrowserSession } from '../helpers/browser.js';
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

describe('setup: shuffle the answer options', () => {
  it('is on by default; off, the lobby says the options keep the deck order', async () => {
    const host = await browser.open('projector', `${url}/host`);
    const hp = host.page;
    await hp.getByRole('radio', { name: /Test deck/ }).check();
    const shuffle = hp.getByRole('checkbox', { name: 'Shuffle the answer options' });
    expect(await shuffle.isChecked()).toBe(true);
    await shuffle.uncheck();
    await hp.setViewportSize({ width: 1280, height: 720 });
    await screenshot(hp, 'host-setup-shuffle-1280');
    await hp.getByRole('button', { name: 'Create room' }).click();
    const settings = hp.getByRole('list', { name: 'Game settings' });
    await settings.getByText('Answer options in the deck’s order').waitFor(WAIT);
    const pin = new URL((await hp.getByText(/\?pin=\d{6}$/).innerText()).trim()).searchParams.get('pin')!;
    expect((await app.game.store.getRoom(pin))!.settings.shuffleOptions).toBe(false);
    expect(host.errors).toEqual([]);
  });
});
