# Cram Night: build stage with the dev dependencies (Vite, TypeScript), runtime stage with the
# production dependencies only, as the unprivileged `node` user. See README, "Container".
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY content ./content
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Plain node on the compiled server: SIGTERM reaches it directly (graceful shutdown). Node flags, if the server
# ever needs one, are listed in scripts/node-flags.mjs (tests/build/node-flags.test.ts checks this line).
CMD ["node", "dist/server/main.js"]
