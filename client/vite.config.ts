import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The client always connects with `transports: ['websocket']` (see src/lib/net.ts), but
 * engine.io-client's default transport table pulls in HTTP long-polling and WebTransport too
 * (~3 KB gzip on every phone). In production builds that table is replaced by one holding only
 * the WebSocket transport. Keep net.ts and this in step: a client asking for 'polling' would
 * find no such transport.
 */
function websocketOnly(): Plugin {
  return {
    name: 'cramnight:engine-io-websocket-only',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0].replaceAll('\\', '/');
      if (file.endsWith('/engine.io-client/build/esm/transports/index.js')) {
        return "import { WS } from './websocket.js';\nexport const transports = { websocket: WS };\n";
      }
      // engine.io-client's index re-exports the polling transports, whose top-level code (an XHR
      // probe, an unload listener) would keep them in the bundle although nothing uses them.
      if (/\/engine\.io-client\/build\/esm\/transports\/(polling|polling-xhr|polling-fetch|webtransport)\.js$/.test(file)) {
        return { code: readFileSync(file, 'utf8'), moduleSideEffects: false };
      }
      return null;
    },
  };
}

/** Svelte's runtime for `animate:` (FLIP), `in:`/`out:`/`transition:`: only the projector's screens use it. */
const SVELTE_TRANSITIONS = /[\\/]node_modules[\\/]svelte[\\/]src[\\/]internal[\\/]client[\\/]dom[\\/]elements[\\/]transitions\.js$/;

/**
 * Keeps the projector's motion runtime out of the phone's first load. Every compiled component imports
 * svelte/internal/client, whose index re-exports `animation` and `transition` from transitions.js, and
 * Svelte's package.json does not say its modules are free of side effects: so the bundler kept
 * transitions.js in the graph of every page that reaches that index and put it in the shared runtime chunk
 * index.html preloads (~1.6 kB gzipped that no phone runs). The module only declares functions, a
 * constant and a `let`; saying so lets rolldown place it with its only users, the host's chunks.
 * tests/build/first-load.test.ts fails if that code is back in the first load.
 */
function motionApart(): Plugin {
  return {
    name: 'cramnight:svelte-motion-apart',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0];
      if (SVELTE_TRANSITIONS.test(file)) return { code: readFileSync(file, 'utf8'), moduleSideEffects: false };
      return null;
    },
  };
}

export default defineConfig({
  root,
  plugins: [websocketOnly(), motionApart(), svelte()],
  build: {
    outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Every browser that runs this app supports <link rel="modulepreload">; skip the polyfill.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
