# syntax=docker/dockerfile:1.7
# Web image = the reverse proxy: nginx serving the built SvelteKit SPA (index.html
# fallback for client routes, hashed assets cached forever) and forwarding /api/ to the
# API instances. Build from the repository root:
#   docker build -f infra/docker/web.Dockerfile -t nastavnik/web .
ARG NODE_IMAGE=node:20-bookworm-slim
ARG NGINX_IMAGE=nginx:1.27-alpine

# Only the package manifests: the `npm ci` layer below is reused until a manifest or the
# lockfile changes, instead of after every source edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . \( -name package.json -o -name package-lock.json \) -not -path '*/node_modules/*' \
      -exec cp --parents '{}' /manifests/ \;

FROM ${NODE_IMAGE} AS build
# The npm bundled with the image (10.x) runs `npm ci`: it accepts the lockfile as it is,
# while npm 11.19 (package.json's packageManager) rejects a lockfile that lists only
# linux-x64 builds of optional platform packages (infra/README.md, "Building images").
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build -w @nastavnik/web && test -f web/build/index.html

FROM ${NGINX_IMAGE} AS runtime
# Our own main config: no `user` directive, pid and temp files under /tmp, port 8080,
# so the master process runs as the unprivileged nginx user.
RUN rm -f /etc/nginx/conf.d/default.conf
COPY infra/nginx/nginx.conf /etc/nginx/nginx.conf
COPY infra/nginx/snippets/ /etc/nginx/snippets/
COPY infra/nginx/conf.d/ /etc/nginx/conf.d/
COPY --from=build /app/web/build /usr/share/nginx/html
ENV NGINX_ENTRYPOINT_QUIET_LOGS=1
USER nginx
EXPOSE 8080
# /healthz is answered by nginx itself: the proxy is healthy even while an API restarts.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
