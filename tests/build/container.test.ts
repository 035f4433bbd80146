/**
 * The container files, checked without a container engine (none on this machine): what the Dockerfile's
 * runtime stage holds is laid out in a temp dir (package files + `npm ci --omit=dev`, the build, the
 * decks), and its CMD and HEALTHCHECK run there as plain processes. compose.yaml is read and checked
 * against the Dockerfile, the settings and deploy/nginx.conf (nginx itself runs in tests/redis/nginx.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVER_NODE_FLAGS } from '../../scripts/node-flags.mjs';
import { loadConfig, SETTINGS } from '../../server/config.js';
import { trustList } from '../../server/security/address.js';
import { freePort } from '../helpers/free-port.js';

const dockerfile = readFileSync('Dockerfile', 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1)!;
const instr = (stage: string, name: string) => stage.split('\n').filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());
/** A JSON-form instruction (CMD ["node", …]) with its continuation lines joined. */
function execForm(name: string): string[] {
  const joined = runtime.replace(/\\\n\s*/g, '');
  const line = joined.split('\n').find((l) => l.startsWith(`${name} `))!;
  return JSON.parse(line.slice(line.indexOf('['))) as string[];
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('Dockerfile', () => {
  it('builds with the dev dependencies and runs with production ones, as a non-root user', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^node:20[\w.-]* AS build/);
    expect(instr(stages[0], 'RUN')).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    expect(runtime).toMatch(/^node:20[\w.-]* AS runtime/);
    expect(instr(runtime, 'RUN').join(' ')).toMatch(/npm ci --omit=dev/);
    expect(instr(runtime, 'COPY')).toContain('--from=build /app/dist ./dist');
    expect(instr(runtime, 'USER')).toEqual(['node']);
    expect(execForm('CMD')).toEqual(['node', ...SERVER_NODE_FLAGS, 'dist/server/main.js']);
    expect(execForm('HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 CMD').join(' ')).toContain('/livez');
  });

  it('its runtime stage, laid out here with `npm ci --omit=dev`, starts with CMD and passes HEALTHCHECK', async () => {
    const app = mkdtempSync(path.join(tmpdir(), 'cram-image-'));
    dirs.push(app);
    for (const f of ['package.json', 'package-lock.json']) cpSync(f, path.join(app, f));
    const ci = spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, encoding: 'utf8', timeout: 180_000 });
    expect(ci.status, ci.stderr).toBe(0);
    for (const dev of ['vite', 'typescript', 'tsx', 'vitest']) expect(() => readFileSync(path.join(app, 'node_modules', dev, 'package.json')), dev).toThrow();
    cpSync('dist', path.join(app, 'dist'), { recursive: true });
    cpSync('content', path.join(app, 'content'), { recursive: true });

    const [cmd, ...args] = execForm('CMD');
    const port = String(await freePort());
    const env = { PATH: process.env.PATH, NODE_ENV: 'production', PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'info' };
    const health = () => {
      const [hc, ...hargs] = execForm('HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 CMD');
      return spawnSync(hc === 'node' ? process.execPath : hc, hargs, { cwd: app, env, timeout: 5000 }).status;
    };
    expect(health()).toBe(1); // nothing listens yet
    const child = spawn(cmd === 'node' ? process.execPath : cmd, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    try {
      const end = Date.now() + 15_000;
      while (!out.includes('Server listening') && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain('Server listening');
      expect(health()).toBe(0);
      // The built-in deck and the client come from the image's own files.
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain('<html');
      expect(out).not.toMatch(/no valid deck found|client not built/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 240_000);
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync('compose.yaml', 'utf8')) as {
    services: Record<string, { image?: string; build?: string; command?: string[]; environment?: Record<string, string>; volumes?: string[]; ports?: string[]; stop_grace_period?: string; healthcheck?: unknown; networks?: Record<string, { ipv4_address?: string }> }>;
    volumes: Record<string, unknown>;
    networks?: Record<string, { ipam?: { config?: { subnet?: string }[] } }>;
  };
  const s = compose.services;
  const games = Object.keys(s).filter((n) => s[n].build === '.');

  it('runs Redis with persistence on a named volume', () => {
    expect(s.redis.command!.join(' ')).toMatch(/--appendonly yes/);
    const [vol, mount] = s.redis.volumes![0].split(':');
    expect(mount).toBe('/data');
    expect(compose.volumes).toHaveProperty(vol);
    expect(s.redis.healthcheck).toBeDefined();
  });

  it('runs two game processes on that Redis, with valid settings and a stop grace above the shutdown limit', () => {
    expect(games).toHaveLength(2);
    for (const g of games) {
      const env = s[g].environment!;
      expect(new URL(env.REDIS_URL).hostname).toBe('redis');
      for (const name of Object.keys(env)) expect(Object.values(SETTINGS).map((x) => x.env), name).toContain(name);
      expect(Number.parseInt(s[g].stop_grace_period!, 10) * 1000).toBeGreaterThan(Number(env.SHUTDOWN_TIMEOUT_MS));
    }
  });

  it('puts nginx in front with deploy/nginx.conf, whose upstreams are the game processes', () => {
    expect(s.proxy.image).toMatch(/^nginx:/);
    expect(s.proxy.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    const upstreams = [...readFileSync('deploy/nginx.conf', 'utf8').matchAll(/^\s*server (\w+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(upstreams.sort()).toEqual(games.map((g) => `${g}:${SETTINGS.port.default}`).sort());
  });

  it('has the game processes trust nginx, and only nginx, as the proxy that names the client', () => {
    // nginx sits at a fixed address in the compose network's fixed subnet.
    const proxyIp = s.proxy.networks?.default?.ipv4_address;
    const subnet = compose.networks?.default?.ipam?.config?.[0]?.subnet;
    expect(proxyIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(trustList([subnet!])(proxyIp!)).toBe(true);
    expect(readFileSync('deploy/nginx.conf', 'utf8')).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    const [a, b, c] = proxyIp!.split('.');
    for (const g of games) {
      // Compose's `${NAME:-default}` read as its default, as `docker compose up` with nothing set would.
      const env = Object.fromEntries(Object.entries(s[g].environment!).map(([k, v]) => [k, v.replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));
      const trust = trustList(loadConfig(env).trustedProxies ?? []);
      expect(trust(proxyIp!), g).toBe(true);
      // Not the other containers of the network (a game process or Redis never names a client).
      expect(trust(`${a}.${b}.${c}.${Number(proxyIp!.split('.')[3]) === 2 ? 3 : 2}`), g).toBe(false);
    }
  });
});
