# syntax=docker/dockerfile:1.7
# Worker image: the BullMQ consumers (services/worker). It opens no port; it connects to
# Redis and, as the confined role, to PostgreSQL. It does not migrate: start it after an
# API instance is healthy (compose.yml says so with depends_on).
# Build from the repository root:
#   docker build -f infra/docker/worker.Dockerfile -t nastavnik/worker .
ARG NODE_IMAGE=node:20-bookworm-slim

# Only the package manifests: the `npm ci` layer below is reused until a manifest or the
# lockfile changes, instead of after every source edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . \( -name package.json -o -name package-lock.json \) -not -path '*/node_modules/*' \
      -exec cp --parents '{}' /manifests/ \;

FROM ${NODE_IMAGE} AS deps
# The npm bundled with the image (10.x) runs `npm ci`: it accepts the lockfile as it is,
# while npm 11.19 (package.json's packageManager) rejects a lockfile that lists only
# linux-x64 builds of optional platform packages (infra/README.md, "Building images").
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# Production dependencies only. tsx is a root devDependency but runs the TypeScript at run
# time, so its dependency closure (tsx, esbuild and esbuild's platform binary) is saved
# before the prune and put back after it, at the same places the lockfile gave them.
FROM deps AS runtime-files
RUN npm query '#tsx, #tsx *' \
      | node -e 'for (const p of JSON.parse(require("fs").readFileSync(0, "utf8"))) console.log(p.location)' \
      > /tmp/tsx-paths \
 && test -s /tmp/tsx-paths \
 && tar -cf /tmp/tsx.tar -T /tmp/tsx-paths \
 && npm prune --omit=dev --no-audit --no-fund \
 && tar -xf /tmp/tsx.tar \
 && rm /tmp/tsx.tar /tmp/tsx-paths \
 && printf 'const ok: string = "tsx runs TypeScript";\nconsole.log(ok);\n' > /tmp/check.ts \
 && node --import tsx /tmp/check.ts && rm /tmp/check.ts
COPY package.json tsconfig.json tsconfig.base.json ./
COPY packages ./packages
COPY services ./services

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/tmp/nastavnik
WORKDIR /app
# Root owns the code; the process runs as `node` and cannot change it.
COPY --from=runtime-files /app /app
USER node
# No HEALTHCHECK: the worker serves nothing to probe, and node is PID 1, so a crashed
# worker is a stopped container that the restart policy brings back. A stuck worker shows
# up as growing queue depth and stalled jobs (infra/README.md, Monitoring).
HEALTHCHECK NONE
CMD ["node", "--import", "tsx", "services/worker/src/main.ts"]
