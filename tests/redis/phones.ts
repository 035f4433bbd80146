/**
 * Players and host for the Redis tests. A Phone is one player across the
 * sockets it uses (a reconnect after a restart, or a move to another server
 * process), and keeps the score it should have from its own acknowledged
 * answers: the ledger the server's scores are checked against.
 */
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { points } from '../../server/engine/scoring.js';
import type { HostState, PlayerResultFrame, PlayerState, QuestionView, ScoringStyle } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { correctTextOf } from '../helpers/server.js';

/** socket.io-client reconnecting by itself, quickly (a phone after a server restart). */
export const RECONNECT: Partial<ManagerOptions & SocketOptions> = {
  reconnection: true,
  reconnectionDelay: 100,
  reconnectionDelayMax: 400,
  randomizationFactor: 0,
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function connect(url: string, opts: Partial<ManagerOptions & SocketOptions> = {}): Promise<Bot> {
  const bot = new Bot(url, opts);
  await waitFor(() => bot.socket.connected, `a socket to ${url}`);
  return bot;
}

export function optionIds(view: QuestionView): { right: string; wrong: string } {
  const right = view.options!.find((o) => o.text === correctTextOf(view.prompt))!.id;
  return { right, wrong: view.options!.find((o) => o.id !== right)!.id };
}

export class Phone {
  readonly bots: Bot[] = [];
  token = '';
  id = '';
  /** What the server should say, from this phone's acknowledged answers. */
  score = 0;
  streak = 0;
  private pending?: { index: number; receivedAt: number; correct: boolean };

  constructor(readonly name: string) {}

  get bot(): Bot {
    return this.bots.at(-1)!;
  }

  async join(url: string, pin: string, opts: Partial<ManagerOptions & SocketOptions> = {}): Promise<PlayerState> {
    this.bots.push(await connect(url, opts));
    const ack = expectOk(await this.bot.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname: this.name }));
    this.token = ack.token;
    this.id = ack.state.you.id;
    return ack.state;
  }

  /** player:rejoin on the current socket (reconnected by socket.io-client after a restart). */
  async rejoin(pin: string): Promise<PlayerState> {
    await waitFor(() => this.bot.socket.connected, `${this.name} to reconnect`, 15_000);
    return expectOk(await this.bot.call<{ state: PlayerState }>('player:rejoin', { pin, token: this.token })).state;
  }

  /** Its process died: a new socket on another process, rejoined with the token (what a load balancer does). */
  async moveTo(url: string, pin: string): Promise<PlayerState> {
    this.bot.close();
    this.bots.push(await connect(url));
    return this.rejoin(pin);
  }

  /** Answers right or wrong; the ledger counts it once the server acknowledged it. */
  async answer(pin: string, view: QuestionView, correct: boolean): Promise<void> {
    const ids = optionIds(view);
    const option = correct ? ids.right : ids.wrong;
    const ack = expectOk(await this.bot.call<{ receivedAt: number }>('player:answer', { pin, index: view.index, answer: { type: 'single', option } }));
    this.pending = { index: view.index, receivedAt: ack.receivedAt, correct };
  }

  /** Scores the closed question `view` into the ledger, with the server's scoring rule. */
  settle(view: QuestionView, questionCount: number, style: ScoringStyle = 'study'): void {
    const a = this.pending?.index === view.index ? this.pending : undefined;
    const out = points({
      style,
      credit: a?.correct ? 1 : 0,
      elapsedMs: a ? Math.max(0, a.receivedAt - view.openedAt) : undefined,
      durationMs: view.durationMs,
      streak: this.streak,
      questionCount,
    });
    this.score += out.points;
    this.streak = out.streak;
    this.pending = undefined;
  }

  /** Every player:result this phone received for question `index` (each carries the reveal), over all its sockets. */
  results(index: number): PlayerResultFrame[] {
    return this.bots.flatMap((b) => (b.events('player:result') as PlayerResultFrame[]).filter((r) => r.index === index));
  }

  /** The result for `index`: one already received, or the next one (bounded). */
  result(index: number, timeoutMs = 15_000): Promise<PlayerResultFrame> {
    const seen = this.results(index)[0];
    return seen ? Promise.resolve(seen) : this.bot.next<PlayerResultFrame>('player:result', (r) => r.index === index, timeoutMs);
  }

  close(): void {
    for (const b of this.bots) b.close();
  }
}

export class Host {
  readonly bots: Bot[] = [];
  pin = '';
  hostToken = '';

  get bot(): Bot {
    return this.bots.at(-1)!;
  }

  async create(url: string, timeLimit: number, opts: Partial<ManagerOptions & SocketOptions> = {}): Promise<HostState> {
    this.bots.push(await connect(url, opts));
    const ack = expectOk(await this.bot.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', timeLimit }));
    this.pin = ack.state.pin;
    this.hostToken = ack.hostToken;
    return ack.state;
  }

  get auth() {
    return { pin: this.pin, hostToken: this.hostToken };
  }

  async resume(url?: string): Promise<HostState> {
    if (url) {
      this.bot.close();
      this.bots.push(await connect(url));
    }
    await waitFor(() => this.bot.socket.connected, 'the host to reconnect', 15_000);
    return expectOk(await this.bot.call<{ state: HostState }>('host:resume', this.auth)).state;
  }

  /** Sends a host command and waits for the question it opens, as seen by `watcher`. */
  async open(command: 'host:start' | 'host:next', index: number, watcher: Bot): Promise<QuestionView> {
    const view = watcher.next<QuestionView>('game:question', (q) => q.index === index);
    expectOk(await this.bot.call(command, this.auth));
    return view;
  }

  async call(command: 'host:next' | 'host:skip' | 'host:end'): Promise<void> {
    expectOk(await this.bot.call(command, this.auth));
  }

  close(): void {
    for (const b of this.bots) b.close();
  }
}
