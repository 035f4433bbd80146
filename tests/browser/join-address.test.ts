/**
 * The host lobby warns when the join address it shows is one only this computer can open (loopback:
 * no PUBLIC_URL and no LAN address, e.g. HOST=127.0.0.1), and does not when it is a real address.
 * Screenshots at 390x844, 1280x720 and 1920x1080; axe finds nothing serious on the warning.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { axeScan, ensureClientBuilt, launchBrowser, screenshot, type BrowserSession } from '../helpers/browser.js';
import { startServer } from '../helpers/server.js';

const WAIT = { timeout: 15_000 };
const apps: FastifyInstance[] = [];
let browser: BrowserSession;

beforeAll(async () => {
  ensureClientBuilt();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const a of apps) await a.close();
});

async function lobby(publicUrl?: string) {
  const { app, url } = await startServer(buildApp, publicUrl ? { publicUrl } : {});
  apps.push(app);
  const host = await browser.open('projector', `${url}/host`);
  const hp = host.page;
  await hp.getByRole('radio', { name: /Test deck/ }).check();
  await hp.getByRole('button', { name: 'Create room' }).click();
  await hp.getByText(/\?pin=\d{6}$/).waitFor(WAIT);
  return host;
}

describe('the join address on the host screen', () => {
  it('warns when it is a loopback address', async () => {
    const { page, errors } = await lobby();
    const warning = page.getByRole('alert').filter({ hasText: /Phones can't open/ });
    await warning.waitFor(WAIT);
    expect(await warning.innerText()).toMatch(/127\.0\.0\.1:\d+.*PUBLIC_URL/s);
    for (const [w, h] of [
      [1920, 1080],
      [1280, 720],
      [390, 844],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      await screenshot(page, `host-lobby-loopback-${w}x${h}`);
    }
    expect(await axeScan(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('does not warn for a network address', async () => {
    const { page } = await lobby('http://192.168.1.23:3000');
    await page.getByText('http://192.168.1.23:3000/?pin=', { exact: false }).waitFor(WAIT);
    expect(await page.getByText(/Phones can't open/).count()).toBe(0);
  });
});
