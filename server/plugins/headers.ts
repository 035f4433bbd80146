/**
 * HTTP hardening: security headers by @fastify/helmet, and requests from other sites' pages refused.
 * CSP: scripts, styles, fonts and connections only from the app's own origin (no inline scripts; the
 * Vite build has none), images also as data: URIs (the favicon), no plugins, no framing by anyone
 * (frame-ancestors 'none', X-Frame-Options DENY), nosniff, Referrer-Policy no-referrer (a join URL
 * carries its PIN). No upgrade-insecure-requests: a classroom server on http://<LAN address> must work.
 */
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { OriginCheck } from '../security/origins.js';

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

export default fp<{ originAllowed: OriginCheck }>(
  async (fastify, opts) => {
    await fastify.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    });
    fastify.addHook('onRequest', async (req, reply) => {
      if (req.url.startsWith('/socket.io')) return; // the Socket.IO server checks its own (allowRequest)
      if (!opts.originAllowed(req.raw)) return reply.code(403).send({ error: 'Requests from other sites are not allowed.' });
    });
  },
  { name: 'headers' },
);
