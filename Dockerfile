# syntax=docker/dockerfile:1
# The production image: `docker build -t session-auth .`, then see docs/deployment.md.
# Built and run where Docker runs; nothing is fetched once the image is built.

# 1. deps: the packages, with their native parts (better-sqlite3) and the Prisma clients
#    that `npm ci`'s postinstall generates from prisma/ (prisma.config.ts reads the two files beside it).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
# Compilers only for the case where better-sqlite3 has no prebuilt binary for this platform.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY lib/database-url.ts ./lib/
COPY scripts/load-env.mjs ./scripts/
RUN npm ci

# 2. build: the Prisma clients again from the full tree (so they match it whatever changed), the
#    production build, then the development packages dropped.
FROM deps AS build
COPY . .
RUN npx prisma generate && npx prisma generate --schema prisma/postgresql/schema.prisma \
  && npm run build \
  && npm prune --omit=dev \
  && rm -rf .next/cache

# 3. runtime: no compilers, no development packages, a non-root user.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 HOST=0.0.0.0 PORT=3000
COPY --from=build --chown=root:root /app ./
# data/ holds the SQLite database, generated secrets and the development mailbox: with Next's
# cache, the only places the app writes, owned by the unprivileged `node` user of the base image.
RUN mkdir -p /app/data /app/.next/cache && chown node:node /app/data /app/.next/cache
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# /api/health answers 200 after a real database read (503 when sessions live in an unreachable Redis).
# The base image has no curl: Node's own fetch asks.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start` without npm in between (signals reach the server, which drains on SIGTERM), with
# the Node flags of lib/load-shaping.mjs (serverNodeFlags).
CMD ["node", "--v8-pool-size=1", "server.mjs"]
