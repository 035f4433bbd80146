/**
 * The app factory: builds a Fastify instance with every plugin, without
 * listening. server/main.ts listens; tests call buildApp and listen on port 0.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deck } from '../shared/deck.js';
import { loadDecks } from './deck/load.js';
import gamePlugin from './plugins/game.js';
import healthPlugin from './plugins/health.js';
import socketPlugin, { type SocketPluginOptions } from './plugins/socket.js';
import staticPlugin from './plugins/static.js';
import { createMemoryStore } from './store/memory.js';
import type { RoomStore } from './store/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AppOptions {
  decksDir?: string;
  clientDir?: string;
  publicUrl?: string;
  logger?: boolean;
  /** Defaults to the in-memory store. */
  store?: RoomStore;
  storeKind?: string;
  configureIo?: SocketPluginOptions['configure'];
}

export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false });
  const decksDir = opts.decksDir ?? path.join(ROOT, 'content', 'decks');
  const { decks, problems } = loadDecks(decksDir);
  for (const p of problems) app.log.error(`deck refused: ${p.file}:${p.line}${p.questionId ? ` [${p.questionId}]` : ''} ${p.message}`);
  if (decks.length === 0) app.log.warn({ decksDir }, 'no valid deck found');
  const store = opts.store ?? createMemoryStore();

  await app.register(socketPlugin, { configure: opts.configureIo });
  await app.register(healthPlugin, { store, storeKind: opts.storeKind ?? (opts.store ? 'custom' : 'memory') });
  await app.register(gamePlugin, { store, decks: new Map<string, Deck>(decks.map((d) => [d.id, d])), publicUrl: opts.publicUrl });
  await app.register(staticPlugin, { clientDir: opts.clientDir ?? path.join(ROOT, 'dist', 'client') });
  app.addHook('onClose', async () => {
    if (!opts.store) await store.close();
  });
  return app;
}
