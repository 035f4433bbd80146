/** Serves the built client (dist/client); any other GET that is not a file gets index.html (the app routes /host itself). */
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import path from 'node:path';

export default fp<{ clientDir: string }>(
  async (fastify, opts) => {
    const root = path.resolve(opts.clientDir);
    if (!existsSync(path.join(root, 'index.html'))) {
      fastify.log.warn({ root }, 'client not built: run `npm run build` to serve the game pages');
      fastify.get('/', async (_req, reply) => reply.code(503).type('text/plain').send('Client not built: run `npm run build`.'));
      return;
    }
    await fastify.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: 'index.html' });
    fastify.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/socket.io') && !path.extname(req.url.split('?')[0])) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.code(404).send({ error: 'Not found' });
    });
  },
  { name: 'static' },
);
