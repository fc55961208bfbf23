# The game server and its built client in one image:
#   docker build -t arena-engine .
#   docker run --rm -p 8080:8080 arena-engine      # then open http://localhost:8080
# Debian (glibc): uWebSockets.js ships no musl (Alpine) binary. Node 22, as package.json's engines.

# --- build: every dependency, then the server compiled to dist/server and the client to dist/client
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json vite.config.ts ./
COPY scripts ./scripts
COPY shared ./shared
COPY server ./server
COPY client ./client
COPY games ./games
RUN npm run build

# --- runtime: production dependencies and dist/ only (no TypeScript, no tsx, no Vite)
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# So that `npm start` works in the image too: with no sources beside it, it runs dist/ as it is.
COPY scripts/build.ts ./scripts/build.ts
# The image's unprivileged user; the server writes nothing to disk.
USER node
EXPOSE 8080
# Graceful shutdown (docs/operations.md): 1001 to every client, exit within SHUTDOWN_TIMEOUT_MS.
STOPSIGNAL SIGTERM
# /readyz answers 503 while draining. Slim has no curl: Node's fetch does it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm, no shell): SIGTERM reaches the server.
CMD ["node", "dist/server/server/main.js"]
