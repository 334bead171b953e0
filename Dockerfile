# Joren production image: Node 24 LTS, built in one stage and run as a non-root user in another.
# It expects MONGODB_URI and the LINE and Slack credentials (see docker-compose.yml and docs/deploy.md);
# with NODE_ENV=production it refuses to start without them, so the sandbox never runs in the image.
# The build stage copies exactly what `npm run build` compiles (tsconfig.build.json: src, flows,
# scheduler); test/docker/dockerfile-build.test.ts replays it in an empty folder.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# No dependency's install scripts run here; our own postinstall (patch-package, which fixes a timer
# Agenda leaves behind every job run: patches/) is run by name.
RUN npm ci --ignore-scripts && npx --no-install patch-package
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY flows ./flows
COPY scheduler ./scheduler
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The same Node flags as `npm start` (test/process/start-flags.test.ts keeps them equal): V8 grows the
# heap by 30% between full collections instead of up to 4x, so a long send run's garbage does not
# pile up to several times what is live.
CMD ["node", "--heap-growing-percent=30", "dist/src/main.js"]
