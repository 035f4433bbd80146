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

export default defineConfig({
  root,
  plugins: [websocketOnly(), svelte()],
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
