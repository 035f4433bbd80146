/**
 * One frame per phone when a question closes (issue 16, S3): each phone gets `player:result` carrying its
 * result and the reveal; the projector and host remote get `game:reveal` and `game:podium`, phones never.
 * Phones joining or coming back around the close are not left on a closed question: a rejoin during the
 * reveal shows it, a join racing the close gets the reveal (from its join state, or as `game:reveal`).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { createMemoryStore } from '../../server/store/memory.js';
import type { RoomStore } from '../../server/store/types.js';
import type { FinalView, HostState, PlayerResultFrame, PlayerState, QuestionView, RemoteLink, RevealView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { correctTextOf, startServer } from '../helpers/server.js';

const apps: FastifyInstance[] = [];
const open: Bot[] = [];
afterEach(() => {
  open.splice(0).forEach((b) => b.close());
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

/** A memory store whose named methods can be held (a test decides when they go on), to stage races. */
function holdableStore(): { store: RoomStore; hold: (method: keyof RoomStore, after?: boolean) => { entered: Promise<void>; release: () => void } } {
  const base = createMemoryStore();
  const held = new Map<string, { entered: () => void; gate: Promise<void>; after: boolean }>();
  const store = new Proxy(base, {
    get(target, key: string) {
      const v = (target as unknown as Record<string, unknown>)[key];
      if (typeof v !== 'function') return v;
      const fn = v as (...a: unknown[]) => unknown;
      // Checked at each call (the app's metrics wrapper keeps the function); unheld calls are untouched.
      return (...args: unknown[]) => {
        const h = held.get(key);
        if (!h) return fn.apply(target, args);
        held.delete(key);
        h.entered();
        // 'after': the store has done the call (e.g. read the players); its answer waits for the release.
        if (h.after) return Promise.resolve(fn.apply(target, args)).then((res) => h.gate.then(() => res));
        return h.gate.then(() => fn.apply(target, args));
      };
    },
  });
  const hold = (method: keyof RoomStore, after = false) => {
    let entered!: () => void;
    let release!: () => void;
    const e = new Promise<void>((r) => (entered = r));
    held.set(method, { entered, gate: new Promise<void>((r) => (release = r)), after });
    return { entered: e, release };
  };
  return { store, hold };
}

async function start(store?: RoomStore) {
  const { app, url } = await startServer(buildApp, store ? { store } : {});
  apps.push(app);
  // `localAddress`: a phone of its own network (the server queues one address's look-ups by PIN one at a time).
  const bot = async (localAddress?: string) => {
    const b = new Bot(url, localAddress ? { localAddress } : {});
    open.push(b);
    await b.connected();
    return b;
  };
  const host = await bot();
  const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', questionCount: 2 }));
  const pin = c.state.pin;
  const auth = { pin, hostToken: c.hostToken };
  const player = async (nickname: string) => {
    const b = await bot();
    const j = expectOk(await b.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname }));
    return { bot: b, token: j.token, state: j.state };
  };
  return { url, bot, host, pin, auth, player };
}

const rightId = (q: QuestionView) => q.options!.find((o) => o.text === correctTextOf(q.prompt))!.id;

describe('one frame per phone at the reveal', () => {
  it('each phone gets one player:result with its result and the reveal; only host sockets get game:reveal and game:podium', async () => {
    const { bot, host, pin, auth, player } = await start();
    // The host remote joins the host's channel too: it must see what the projector sees.
    const link = expectOk(await host.call<{ link: RemoteLink }>('host:remote', auth)).link;
    const remote = await bot();
    expectOk(await remote.call('host:claim', { pin, code: link.url.split('#')[1] }));
    const phones = await Promise.all(['Ann', 'Ben', 'Cy'].map(player));

    for (let q = 0; q < 2; q++) {
      const arrived = phones.map((p) => p.bot.next<QuestionView>('game:question', (v) => v.index === q));
      expectOk(await host.call(q === 0 ? 'host:start' : 'host:next', auth));
      const view = (await Promise.all(arrived))[0];
      const onProjector = host.next<RevealView>('game:reveal', (r) => r.index === q);
      const onRemote = remote.next<RevealView>('game:reveal', (r) => r.index === q);
      const frames = phones.map((p) => p.bot.next<PlayerResultFrame>('player:result', (r) => r.index === q));
      const before = phones.map((p) => p.bot.received.length);
      // Ann right, Ben wrong, Cy silent: the host skips to close it.
      expectOk(await phones[0].bot.call('player:answer', { pin, index: q, answer: { type: 'single', option: rightId(view) } }));
      const wrong = view.options!.find((o) => o.id !== rightId(view))!.id;
      expectOk(await phones[1].bot.call('player:answer', { pin, index: q, answer: { type: 'single', option: wrong } }));
      expectOk(await host.call('host:skip', auth));
      const reveal = await onProjector;
      expect(await onRemote).toEqual(reveal);
      const got = await Promise.all(frames);
      expect(got.map((f) => [f.answered, f.correct])).toEqual([
        [true, true],
        [true, false],
        [false, false],
      ]);
      for (const f of got) {
        expect(f.reveal).toEqual(reveal);
        expect(f).toMatchObject({ index: q, players: 3, rank: expect.any(Number), score: expect.any(Number) });
      }
      // Between the answers and the leaderboard a phone got exactly one frame (the batched answer count aside).
      phones.forEach((p, i) => {
        const since = p.bot.received.slice(before[i]).map((e) => e.event).filter((e) => e !== 'game:progress');
        expect(since, p.state.you.name).toEqual(['player:result']);
      });
      const board = host.next('game:leaderboard');
      expectOk(await host.call('host:next', auth));
      await board;
    }
    const podium = host.next('game:podium');
    const remotePodium = remote.next('game:podium');
    const finals = phones.map((p) => p.bot.next<FinalView>('player:final'));
    expectOk(await host.call('host:next', auth));
    await Promise.all([podium, remotePodium]);
    expect((await Promise.all(finals)).map((f) => f.rank)).toEqual([1, 2, 2]); // Ben and Cy share 0 points
    await new Promise((r) => setTimeout(r, 100));
    for (const p of phones) {
      expect(p.bot.events('game:reveal')).toEqual([]);
      expect(p.bot.events('game:podium')).toEqual([]);
      expect(p.bot.events('player:final')).toHaveLength(1);
    }
    expect(host.events('player:result')).toEqual([]);
  });

  it('a phone back during the reveal gets the reveal and its result in the rejoin state', async () => {
    const { bot, host, pin, auth, player } = await start();
    const ann = await player('Ann');
    const q = ann.bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    const view = await q;
    const frame = ann.bot.next<PlayerResultFrame>('player:result');
    expectOk(await ann.bot.call('player:answer', { pin, index: 0, answer: { type: 'single', option: rightId(view) } }));
    const f = await frame; // the only player answered: closed early
    ann.bot.close();
    const back = await bot();
    const s = expectOk(await back.call<{ state: PlayerState }>('player:rejoin', { pin, token: ann.token })).state;
    expect(s.phase).toBe('reveal');
    const { reveal, ...result } = f;
    expect(s.reveal).toEqual(reveal);
    expect(s.result).toEqual(result);
  });
});

describe('phones joining around the close', () => {
  it('a phone that joins while the close is scoring (after it read the players) gets the reveal alone', async () => {
    const { store, hold } = holdableStore();
    const { bot, host, pin, auth, player } = await start(store);
    const ann = await player('Ann');
    const q = ann.bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    await q;
    const scoring = hold('listPlayers', true);
    const annFrame = ann.bot.next<PlayerResultFrame>('player:result');
    const skipped = host.call('host:skip', auth);
    await scoring.entered; // the close has the room in 'closing' and is reading the players
    const late = await bot('127.0.0.2');
    const lateReveal = late.next<RevealView>('game:reveal');
    const j = expectOk(await late.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname: 'Late' }));
    expect(j.state.phase).toBe('question'); // closing: not revealed yet
    expect(j.state.reveal).toBeUndefined();
    scoring.release();
    expectOk(await skipped);
    const shown = await host.seenOrNext<RevealView>('game:reveal');
    expect((await annFrame).reveal).toEqual(shown);
    // Late was not scored (the close had read the players before it joined): the reveal, no result.
    expect(await lateReveal).toEqual(shown);
    await new Promise((r) => setTimeout(r, 100));
    expect(late.events('player:result')).toEqual([]);
    expect(ann.bot.events('game:reveal')).toEqual([]);
    // Coming back later, Late still finds the reveal.
    late.close();
    const back = await bot('127.0.0.2');
    const s = expectOk(await back.call<{ state: PlayerState }>('player:rejoin', { pin, token: j.token })).state;
    expect(s).toMatchObject({ phase: 'reveal', reveal: shown });
    expect(s.result).toBeUndefined();
  });

  it('a join whose room read came before the close, and whose socket joined after it, gets the reveal and its own result in its join state', async () => {
    const { store, hold } = holdableStore();
    const { bot, host, pin, auth, player } = await start(store);
    const ann = await player('Ann');
    const q = ann.bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    await q;
    // The join's one atomic step (room read in 'question', Late added and connected) is done; its answer waits.
    const joined = hold('joinRoom', true);
    const late = await bot('127.0.0.3');
    const joining = late.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname: 'Late' });
    await joined.entered;
    const annFrame = ann.bot.next<PlayerResultFrame>('player:result');
    expectOk(await host.call('host:skip', auth)); // closes, scores Late too, and delivers before Late is in the room
    const { reveal } = await annFrame;
    joined.release();
    const j = expectOk(await joining);
    expect(j.state.phase).toBe('reveal');
    expect(j.state.reveal).toEqual(reveal);
    expect(j.state.result).toMatchObject({ index: 0, answered: false, points: 0 });
  });
});
