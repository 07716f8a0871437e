# syntax=docker/dockerfile:1.7
# API image: Fastify on port 3000. It migrates the database at start (as the owner role
# from DATABASE_URL, under Kysely's advisory lock) and then serves as the confined role.
# Build from the repository root:
#   docker build -f infra/docker/api.Dockerfile -t nastavnik/api .
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
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/tmp/nastavnik
WORKDIR /app
# Root owns the code; the process runs as `node` and cannot change it.
COPY --from=runtime-files /app /app
USER node
EXPOSE 3000
# GET /api/health answers 200 when PostgreSQL (and Redis, when configured) answer, 503 otherwise.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "services/api/src/main.ts"]
