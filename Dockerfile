# Joren production image: Node 24 LTS, built in one stage and run as a non-root user in another.
# It expects MONGODB_URI (see docker-compose.yml); the embedded database is for development.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY flows ./flows
COPY scheduler ./scheduler
COPY scripts ./scripts
COPY test/fakes ./test/fakes
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The sandbox console's page and demo data (served only when no LINE/Slack credentials are set).
COPY --from=build --chown=node:node /app/src/sandbox/public ./dist/src/sandbox/public
COPY --from=build --chown=node:node /app/src/sandbox/demo ./dist/src/sandbox/demo
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The same Node flags as `npm start` (test/process/start-flags.test.ts keeps them equal): V8 grows the
# heap by 30% between full collections instead of up to 4x, so a long send run's garbage does not
# pile up to several times what is live.
CMD ["node", "--heap-growing-percent=30", "dist/src/main.js"]
