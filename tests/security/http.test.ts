/**
 * HTTP and handshake hardening against a real server: security headers (CSP with no inline scripts,
 * no framing, nosniff, Referrer-Policy), requests and sockets from other sites' pages refused,
 * same-origin working with no setting, long-polling off unless turned on.
 */
import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppOptions } from '../../server/app.js';
import { startServer } from '../helpers/server.js';

const apps: FastifyInstance[] = [];
let url: string;
beforeAll(async () => {
  url = await start({ config: { publicUrl: 'https://quiz.example.org', allowedOrigins: ['http://localhost:5173'] } });
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

async function start(opts: AppOptions): Promise<string> {
  const s = await startServer(buildApp, opts);
  apps.push(s.app);
  return s.url;
}

/** Connects with the given Origin (and transports); resolves 'connected' or the refusal's message. */
function tryConnect(to: string, opts: { origin?: string; transports?: string[] }): Promise<string> {
  const s = io(to, {
    transports: opts.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(opts.origin ? { extraHeaders: { origin: opts.origin } } : {}),
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => (s.close(), resolve('timeout')), 5000);
    s.once('connect', () => (clearTimeout(timer), s.close(), resolve('connected')));
    s.once('connect_error', (e) => (clearTimeout(timer), s.close(), resolve(`refused: ${e.message}`)));
  });
}

describe('security headers', () => {
  it('the app page carries a CSP with only its own scripts and styles, no framing, nosniff, no referrer', async () => {
    const res = await fetch(`${url}/host`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // The built page has no inline script for the CSP to block.
    expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('every response gets them, health checks and 404s too', async () => {
    for (const path of ['/healthz', '/nope.js']) {
      const res = await fetch(`${url}${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});

describe('origins', () => {
  it('HTTP: a request from another site’s page is refused; same origin, PUBLIC_URL and listed origins pass', async () => {
    const foreign = await fetch(`${url}/healthz`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: 'Requests from other sites are not allowed.' });
    for (const origin of [url, 'https://quiz.example.org', 'http://localhost:5173']) {
      expect((await fetch(`${url}/healthz`, { headers: { origin } })).status).toBe(200);
    }
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('Socket.IO: a page of another site cannot connect; the page’s own origin, PUBLIC_URL and listed ones can', async () => {
    expect(await tryConnect(url, { origin: 'https://evil.example' })).toMatch(/^refused/);
    expect(await tryConnect(url, { origin: 'null' })).toMatch(/^refused/);
    expect(await tryConnect(url, { origin: url })).toBe('connected');
    expect(await tryConnect(url, { origin: 'https://quiz.example.org' })).toBe('connected');
    expect(await tryConnect(url, { origin: 'http://localhost:5173' })).toBe('connected');
    expect(await tryConnect(url, {})).toBe('connected');
  });

  it('same origin works with no setting at all', async () => {
    const plain = await start({});
    expect(await tryConnect(plain, { origin: plain })).toBe('connected');
    expect(await tryConnect(plain, { origin: 'http://localhost:5173' })).toMatch(/^refused/);
  });
});

describe('long-polling', () => {
  it('is off by default and on with the setting', async () => {
    expect(await tryConnect(url, { transports: ['polling'] })).toMatch(/^refused/);
    const polling = await start({ config: { allowPolling: true } });
    expect(await tryConnect(polling, { transports: ['polling'] })).toBe('connected');
  });
});
