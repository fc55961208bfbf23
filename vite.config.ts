/**
 * Vite builds the browser client (root client/, output dist/client, served by the game server)
 * and, in `npm run dev`, serves it with hot reload while proxying the game server's WebSocket
 * and HTTP endpoints, so the client connects to the same origin in both setups.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from './scripts/precompress.ts';

/** Where `npm run dev` runs the game server (scripts/dev.ts sets it for both processes). */
const serverPort = Number(process.env.ARENA_DEV_SERVER_PORT ?? 8081);
const target = `http://127.0.0.1:${serverPort}`;
const httpPaths = ['/api', '/metrics', '/healthz', '/readyz', '/admin'] as const;
const page = (name: string): string => fileURLToPath(new URL(`./client/${name}`, import.meta.url));

/** `npm run dev`: /replay is the viewer's page, as the game server serves it (server/http/staticFiles.ts). */
function replayPath(): Plugin {
  return {
    name: 'replay-path',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url === '/replay' || req.url?.startsWith('/replay?')) req.url = `/replay.html${req.url.slice('/replay'.length)}`;
        next();
      });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  publicDir: false,
  // x.br and x.gz next to each text asset, served by server/http/staticFiles.ts per Accept-Encoding.
  plugins: [precompress(), replayPath()],
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No source maps: the server holds dist/client in memory, and Phaser's map alone is 11 MB.
    sourcemap: false,
    // Phaser alone is ~1.2 MB minified; it is one cacheable asset.
    chunkSizeWarningLimit: 2000,
    // Brotli at its best quality takes seconds of the precompress plugin: expected, not a warning.
    rolldownOptions: {
      input: { index: page('index.html'), replay: page('replay.html') },
      // Phaser is a chunk of its own, shared by the game (startGame's chunk) and the replay viewer (startReplay's).
      output: { codeSplitting: { groups: [{ name: 'phaser', test: /[\\/]node_modules[\\/]phaser[\\/]/ }] } },
      checks: { pluginTimings: false },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 8080,
    strictPort: true,
    proxy: {
      '/ws': { target, ws: true, changeOrigin: false },
      ...Object.fromEntries(httpPaths.map((p) => [p, { target }])),
    },
  },
  preview: { port: 8080 },
});
