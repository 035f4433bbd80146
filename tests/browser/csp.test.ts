/**
 * The Content-Security-Policy in a real browser: the built app runs under it with no violation
 * (Vite's output and Svelte's runtime need no inline script or style), and markup injected into the
 * page cannot run script: an inline handler and an inline <script> are blocked and reported.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { ensureClientBuilt, launchBrowser, type BrowserSession } from '../helpers/browser.js';
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

describe('CSP in Chromium', () => {
  it('the host and phone pages run with no violation; injected inline script never runs', async () => {
    const host = await browser.open('projector', `${url}/host`);
    await host.page.getByRole('button', { name: /create|start|host/i }).first().waitFor({ timeout: 10_000 });
    const phone = await browser.open('phone', `${url}/?pin=123456`);
    await phone.page.locator('input').first().waitFor({ timeout: 10_000 });
    expect(host.errors).toEqual([]);
    expect(phone.errors).toEqual([]);

    const ran = await phone.page.evaluate(async () => {
      document.body.insertAdjacentHTML('beforeend', '<img src="data:," onload="window.__pwned = 1" onerror="window.__pwned = 1">');
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 2';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 300));
      return (window as unknown as { __pwned?: number }).__pwned ?? 0;
    });
    expect(ran).toBe(0);
    expect(phone.errors.some((e) => e.includes('CSP violation: script-src'))).toBe(true);
  });
});
