import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, SETTINGS } from '../../server/config.js';

/** For every setting: values it must accept (with what they parse to) and values it must refuse. */
const CASES: Record<string, { good: [string, unknown][]; bad: string[] }> = {
  PORT: { good: [['8080', 8080], ['0', 0], ['65535', 65535]], bad: ['abc', '65536', '-1', '80.5', '1e3'] },
  HOST: { good: [['127.0.0.1', '127.0.0.1'], ['::', '::'], ['quiz.local', 'quiz.local']], bad: ['http://x', 'a b', 'x/y'] },
  PUBLIC_URL: { good: [['https://quiz.example.org', 'https://quiz.example.org'], ['http://192.168.1.5:3000', 'http://192.168.1.5:3000']], bad: ['quiz.example.org', 'ftp://x', 'http//x'] },
  REDIS_URL: { good: [['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'], ['rediss://user:pw@redis.example:6380/2', 'rediss://user:pw@redis.example:6380/2']], bad: ['127.0.0.1:6379', 'http://redis', 'redis'] },
  REDIS_PREFIX: { good: [['quiz:', 'quiz:'], ['a', 'a']], bad: ['has space', 'x'.repeat(65), 'a*b'] },
  MAX_PLAYERS: { good: [['50', 50], ['1', 1], ['1000000', 1_000_000]], bad: ['abc', '0', '1000001', '12.5', 'NaN'] },
  PRESENCE_GRACE_MS: { good: [['0', 0], ['3000', 3000], ['60000', 60_000]], bad: ['-1', '60001', '1.5', 'soon'] },
  DECKS_DIR: { good: [['content/decks', 'content/decks'], ['tests/fixtures/decks', 'tests/fixtures/decks']], bad: ['/nonexistent/decks', 'package.json'] },
  SHUTDOWN_TIMEOUT_MS: { good: [['1000', 1000], ['30000', 30_000]], bad: ['0', '999', '120001', 'soon'] },
  REPORT_TTL_DAYS: { good: [['7', 7], ['1', 1], ['3650', 3650]], bad: ['0', '7.5', 'week', '3651'] },
  WEAK_SPOT_TTL_DAYS: { good: [['90', 90], ['1', 1]], bad: ['0', '-3', 'ninety'] },
  PRACTICE_TTL_HOURS: { good: [['24', 24], ['720', 720]], bad: ['0', '721', '1h'] },
  TRUSTED_PROXIES: { good: [['127.0.0.1', ['127.0.0.1']], ['10.0.0.0/8, ::1', ['10.0.0.0/8', '::1']]], bad: ['proxy.local', '10.0.0.0/33', '1.2.3.4/8/9'] },
  ALLOWED_ORIGINS: { good: [['http://localhost:5173', ['http://localhost:5173']], ['https://a.example,https://b.example:8443', ['https://a.example', 'https://b.example:8443']]], bad: ['localhost:5173', 'https://a.example/path', 'ftp://a.example'] },
  ALLOW_POLLING: { good: [['true', true], ['0', false]], bad: ['maybe', '2'] },
  LIMIT_CONNECT: { good: [['10/60', { steady: { points: 10, seconds: 60 } }], ['30/60+300/600', { steady: { points: 30, seconds: 60 }, burst: { points: 300, seconds: 600 } }]], bad: ['10', '0/60', '10/60+', 'ten/60'] },
  LIMIT_CREATE: { good: [['2/60+30/1800', { steady: { points: 2, seconds: 60 }, burst: { points: 30, seconds: 1800 } }]], bad: ['2 per minute', '-2/60'] },
  LIMIT_FAILED_LOOKUPS: { good: [['6/60', { steady: { points: 6, seconds: 60 } }]], bad: ['6/0', '6/60+30'] },
  LIMIT_JOINS: { good: [['30/60+300/600', { steady: { points: 30, seconds: 60 }, burst: { points: 300, seconds: 600 } }]], bad: ['x', '30/60+'] },
  SOCKETS_PER_ADDRESS: { good: [['2000', 2000], ['1', 1]], bad: ['0', 'many'] },
  MAX_SOCKET_BUFFER_KB: { good: [['1024', 1024], ['16', 16]], bad: ['15', '1e3'] },
  LOBBY_GRACE_SECONDS: { good: [['60', 60], ['1', 1]], bad: ['0', '86401'] },
  MAX_ROOMS_PER_PROCESS: { good: [['2000', 2000], ['1', 1]], bad: ['0', 'lots'] },
  MAX_ROOMS_TOTAL: { good: [['20000', 20000]], bad: ['0', '-5'] },
  LOBBY_IDLE_MINUTES: { good: [['10', 10], ['1', 1]], bad: ['0', '1441', '0.5'] },
  LOG_LEVEL: { good: [['debug', 'debug'], ['silent', 'silent'], ['error', 'error']], bad: ['verbose', 'INFO!', '3'] },
};

const entries = Object.entries(SETTINGS);

describe('config', () => {
  it('has a good and a bad test case for every setting (add one to CASES with each new setting)', () => {
    expect(Object.keys(CASES).sort()).toEqual(entries.map(([, s]) => s.env).sort());
  });

  it('every default is valid and unset settings stay undefined', () => {
    const c = defaultConfig();
    for (const [key, s] of entries) {
      if (s.default === undefined) expect(c[key as keyof typeof c]).toBeUndefined();
      else expect(c[key as keyof typeof c]).toBeDefined();
    }
    expect(c.port).toBe(3000);
    expect(c.maxPlayers).toBe(10_000);
  });

  for (const [key, s] of entries) {
    describe(s.env, () => {
      for (const [value, parsed] of CASES[s.env]?.good ?? []) {
        it(`accepts ${JSON.stringify(value)}`, () => {
          expect(loadConfig({ [s.env]: value })[key as keyof ReturnType<typeof loadConfig>]).toEqual(parsed);
        });
      }
      for (const value of CASES[s.env]?.bad ?? []) {
        it(`refuses ${JSON.stringify(value)} with one line naming ${s.env} and what it accepts`, () => {
          let err: unknown;
          try {
            loadConfig({ [s.env]: value });
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(ConfigError);
          const msg = (err as ConfigError).message;
          expect(msg.split('\n')).toHaveLength(1);
          expect(msg).toContain(`${s.env}=`);
          expect(msg).toContain(`expected ${s.kind.accepts}`);
        });
      }
    });
  }

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' })).toMatchObject({ port: 3000, redisUrl: undefined });
  });

  it('names every bad variable, one line each', () => {
    expect(() => loadConfig({ PORT: 'x', MAX_PLAYERS: 'abc', HOST: '0.0.0.0' })).toThrow(
      /^Invalid setting PORT="x": expected a whole number from 0 to 65535\.\nInvalid setting MAX_PLAYERS="abc": expected a whole number from 1 to 1000000\.$/,
    );
  });
});

describe('the server with a bad setting', () => {
  it('refuses to start, printing one line that names the variable', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, MAX_PLAYERS: 'abc', PORT: '0', HOST: '127.0.0.1', REDIS_URL: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('Invalid setting MAX_PLAYERS="abc": expected a whole number from 1 to 1000000.');
  });
});
