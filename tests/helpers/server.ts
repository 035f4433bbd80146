/** Starts the app on a random loopback port for a test, and reads the test deck's correct answers. */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { AppOptions } from '../../server/app.js';
import type { Deck } from '../../shared/deck.js';

export const TEST_DECKS = 'tests/fixtures/decks';

export async function startServer(
  build: (o: AppOptions) => Promise<FastifyInstance>,
  opts: AppOptions = {},
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await build({ decksDir: TEST_DECKS, clientDir: 'dist/client', logger: process.env.TEST_LOG === '1', ...opts });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return { app, url: `http://127.0.0.1:${addr.port}` };
}

const testDeck = parse(readFileSync(`${TEST_DECKS}/test-deck.yaml`, 'utf8')) as Deck;

/** The correct option's text for a test-deck prompt (bots answer by text, as the ids are shuffled). */
export function correctTextOf(prompt: string): string {
  const q = testDeck.questions.find((x) => x.prompt === prompt);
  if (!q || q.type !== 'single') throw new Error(`no single question with prompt ${prompt}`);
  return q.options.find((o) => o.correct)!.text;
}
