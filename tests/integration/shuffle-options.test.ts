/**
 * "Shuffle the answer options" over real sockets: host:create with `shuffleOptions: false` shows every
 * question's options to the phones in the deck's order and says so in the host state's settings; a value
 * that is not a boolean is refused as BAD_REQUEST and creates nothing.
 */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildApp } from '../../server/app.js';
import type { Deck } from '../../shared/deck.js';
import type { HostState, QuestionView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer, TEST_DECKS } from '../helpers/server.js';

const testDeck = parse(readFileSync(`${TEST_DECKS}/test-deck.yaml`, 'utf8')) as Deck;
const deckOrder = (prompt: string) => {
  const q = testDeck.questions.find((x) => x.prompt === prompt)!;
  return 'options' in q ? q.options.map((o) => o.text) : [];
};

let app: FastifyInstance;
let url: string;
const bots: Bot[] = [];
beforeAll(async () => {
  ({ app, url } = await startServer(buildApp));
});
afterAll(async () => {
  bots.forEach((b) => b.close());
  await app?.close();
});

async function bot(): Promise<Bot> {
  const b = new Bot(url);
  bots.push(b);
  await b.connected();
  return b;
}

describe('host:create shuffleOptions', () => {
  it('false: phones see every question with the options in the deck order', async () => {
    const host = await bot();
    const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', shuffleOptions: false, timeLimit: 30 }));
    expect(c.state.settings.shuffleOptions).toBe(false);
    const auth = { pin: c.state.pin, hostToken: c.hostToken };
    const phone = await bot();
    expectOk(await phone.call('player:join', { pin: auth.pin, nickname: 'Ada' }));
    for (let i = 0; i < c.state.questionCount; i++) {
      const shown = phone.next<QuestionView>('game:question', (q) => q.index === i);
      if (i === 0) expectOk(await host.call('host:start', auth));
      else {
        expectOk(await host.call('host:next', auth)); // leaderboard
        expectOk(await host.call('host:next', auth)); // next question
      }
      const q = await shown;
      expect(q.options!.map((o) => o.text), q.prompt).toEqual(deckOrder(q.prompt));
      const revealed = host.next('game:reveal');
      expectOk(await host.call('host:skip', auth));
      await revealed;
    }
  });

  it('the default is shuffled, and a value that is not a boolean is refused', async () => {
    const host = await bot();
    const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
    expect(c.state.settings.shuffleOptions).toBe(true);
    const bad = await host.call('host:create', { deckId: 'test-deck', shuffleOptions: 'no' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('shuffleOptions') });
  });
});
