#!/usr/bin/env bash
# Validates infra/ with every checker this machine has, and says which it skipped.
# Exits non-zero when a check that ran found a problem. No Docker engine is needed.
#   bash infra/validate.sh            all checks
#   SKIP_POSTGRES=1 bash infra/validate.sh   without the PostgreSQL scripts' rehearsal
# Checkers it looks for:
#   Debian: apt-get install -y --no-install-recommends yamllint shellcheck nginx-light \
#           curl openssl docker-compose
#   npm:    npm install -g dclint@3 dockerfile-utils
#   hadolint and the docker compose plugin where available; PostgreSQL 15 server binaries,
#   and node_modules plus Redis on 127.0.0.1:6379, for the rehearsal (test-postgres.sh).
set -Euo pipefail

infra="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$infra")"
cd "$infra" || exit 1

failures=()
skipped=()
tmp="$(mktemp -d /tmp/nastavnik-infra-validate.XXXXXX)"
cleanup_steps=()
cleanup() {
  local c
  for c in "${cleanup_steps[@]}"; do eval "$c" || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$1"; }
fail() { echo "FAIL: $1"; failures+=("$1"); }
skip() { echo "SKIP: $1"; skipped+=("$1"); }
have() { command -v "$1" >/dev/null 2>&1; }
# check NAME CMD...: runs CMD, prints its output, records a failure when it fails.
check() {
  local name="$1"
  shift
  if "$@"; then echo "ok: $name"; else fail "$name"; fi
}

compose_files=(compose.yml compose.tls.yml)
shell_scripts=(validate.sh test-postgres.sh postgres/*.sh postgres/initdb/*.sh)
dockerfiles=(docker/*.Dockerfile)

# A complete env file for the checks: .env.example with every empty secret filled in.
test_env="$tmp/test.env"
sed -E 's/^([A-Z][A-Z0-9_]*)=$/\1=validate-dummy/' .env.example >"$test_env"

# ------------------------------------------------------------------ environment
step "environment variables are documented"
env_documentation() {
  local ok=0 var
  # Every variable compose interpolates has a line in .env.example.
  while read -r var; do
    grep -qE "^${var}=" .env.example || { echo "compose uses \${$var}, .env.example does not list it"; ok=1; }
  done < <(grep -hoE '\$\{[A-Z][A-Z0-9_]*' "${compose_files[@]}" | cut -c3- | sort -u)
  # Every variable the API and worker read is in .env.example (set, or listed as set by compose).
  for var in $(
    cd "$repo" && grep -rhoE "env(\.[A-Z][A-Z0-9_]*|\[['\"][A-Z][A-Z0-9_]*['\"]\]|, '[A-Z][A-Z0-9_]*')" \
      packages/*/src services/*/src --include='*.ts' --exclude='*.test.ts' --exclude-dir=testing \
      | grep -oE '[A-Z][A-Z0-9_]*' | sort -u
  ); do
    grep -qE "(^|[^A-Z0-9_])${var}([^A-Z0-9_]|$)" .env.example || {
      echo "the code reads $var, .env.example does not mention it"
      ok=1
    }
  done
  return $ok
}
check "every variable is documented in .env.example" env_documentation

# ------------------------------------------------------------------ YAML
step "YAML (yamllint)"
if have yamllint; then
  check "yamllint" yamllint -s -c yamllint.yml "${compose_files[@]}" dclint.yml yamllint.yml
else
  skip "yamllint (apt-get install -y yamllint)"
fi

# ------------------------------------------------------------------ compose
step "compose files"
if have dclint; then
  check "dclint (compose-spec schema and rules)" dclint -c dclint.yml "${compose_files[@]}"
else
  skip "dclint (npm install -g dclint@3)"
fi
if have docker && docker compose version >/dev/null 2>&1; then
  check "docker compose config" docker compose --env-file "$test_env" -f compose.yml -f compose.tls.yml \
    --profile backup config -q
  check "docker compose refuses an empty secret" \
    bash -c "! docker compose --env-file /dev/null -f compose.yml config -q 2>/dev/null"
elif have docker-compose; then
  # Compose v1 (Debian's docker-compose 1.29) predates the top-level `name`; everything
  # else it checks against its own schema, with interpolation and anchors resolved.
  grep -v '^name: ' compose.yml >"$tmp/compose-v1.yml"
  check "docker-compose (v1) config" docker-compose --project-directory "$infra" --env-file "$test_env" \
    -f "$tmp/compose-v1.yml" -f compose.tls.yml config -q
  check "docker-compose (v1) refuses an empty secret" \
    bash -c "! docker-compose --project-directory '$infra' --env-file /dev/null -f '$tmp/compose-v1.yml' config -q 2>/dev/null"
else
  skip "docker compose config (no compose plugin or docker-compose)"
fi

# ------------------------------------------------------------------ Dockerfiles
step "Dockerfiles"
copy_sources_exist() {
  local ok=0 file src
  for file in "${dockerfiles[@]}"; do
    # Sources of COPY without --from, relative to the build context (the repository root).
    while read -r src; do
      [ "$src" = . ] && continue
      [ -e "$repo/$src" ] || { echo "$file copies $src, which does not exist"; ok=1; }
    done < <(grep -E '^COPY ' "$file" | grep -v -- '--from=' | awk '{ for (i = 2; i < NF; i++) print $i }')
  done
  return $ok
}
check "COPY sources exist" copy_sources_exist
if have hadolint; then
  check "hadolint" hadolint "${dockerfiles[@]}"
else
  skip "hadolint (not packaged for Debian 12 or npm)"
fi
if have dockerfile-utils; then
  dockerfile_utils_lint() {
    local ok=0 file out
    for file in "${dockerfiles[@]}"; do
      out="$(dockerfile-utils lint "$file" 2>&1)" || ok=1
      [ -z "$out" ] || { echo "$file:"; echo "$out"; ok=1; }
    done
    return $ok
  }
  check "dockerfile-utils lint" dockerfile_utils_lint
else
  skip "dockerfile-utils (npm install -g dockerfile-utils)"
fi

# ------------------------------------------------------------------ shell
step "shell scripts"
# shellcheck disable=SC2016 # expanded by the inner bash
check "bash -n" bash -c 'for f in "$@"; do bash -n "$f" || exit 1; done' _ "${shell_scripts[@]}"
if have shellcheck; then
  check "shellcheck" shellcheck -x "${shell_scripts[@]}"
else
  skip "shellcheck (apt-get install -y shellcheck)"
fi

# ------------------------------------------------------------------ nginx
step "nginx configuration"
if have nginx; then
  # The image's paths and names, mapped to a scratch directory and loopback ports.
  port_base=$((20000 + $$ % 20000))
  http_port=$port_base
  tls_port=$((port_base + 1))
  api_port=$((port_base + 2))
  ngx="$tmp/nginx"
  mkdir -p "$ngx/html/_app/immutable" "$ngx/logs"
  # prepare_nginx NAME SERVER_CONF: a copy of the image's /etc/nginx in $ngx/NAME whose
  # conf.d holds SERVER_CONF; prints the path of its nginx.conf.
  prepare_nginx() {
    local etc="$ngx/$1"
    mkdir -p "$etc/conf.d" "$etc/snippets" "$etc/tls"
    cp nginx/nginx.conf /etc/nginx/mime.types "$etc/"
    cp "$2" "$etc/conf.d/nastavnik.conf"
    cp nginx/snippets/*.conf "$etc/snippets/"
    sed -i -e "s|/etc/nginx/|$etc/|g" -e "s|/usr/share/nginx/html|$ngx/html|g" \
      -e "s|/tmp/nginx|$ngx/$1-|g" -e "s|http://api:3000|http://127.0.0.1:$api_port|g" \
      -e "s|listen 8080|listen 127.0.0.1:$http_port|g" -e "s|listen 8443|listen 127.0.0.1:$tls_port|g" \
      -e "s|^error_log .*|error_log $ngx/logs/error.log warn;|" \
      -e "s|access_log /dev/stdout|access_log $ngx/logs/access.log|" \
      "$etc/nginx.conf" "$etc/conf.d/nastavnik.conf" "$etc/snippets/"*.conf
    echo "$etc/nginx.conf"
  }
  plain_conf="$(prepare_nginx plain nginx/conf.d/nastavnik.conf)"
  tls_conf="$(prepare_nginx tls nginx/tls/nastavnik-tls.conf)"
  # `http2 on;` exists from nginx 1.25.1; the image has 1.27, Debian 12 has 1.22.
  if ! nginx -v 2>&1 | grep -qE 'nginx/1\.(2[5-9]|[3-9][0-9])'; then
    echo "note: local $(nginx -v 2>&1 | cut -d' ' -f3) predates 'http2 on;', checking the TLS file without that line"
    sed -i '/^ *http2 on;$/d' "$ngx/tls/conf.d/nastavnik.conf"
  fi
  chmod -R a+rX "$tmp"
  check "nginx -t (plain HTTP, as in the web image)" nginx -q -t -c "$plain_conf" -e "$ngx/logs/test.log"
  if have openssl; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
      -keyout "$ngx/tls/tls/privkey.pem" -out "$ngx/tls/tls/fullchain.pem" >/dev/null 2>&1
    chmod a+r "$ngx/tls/tls/"*.pem
    check "nginx -t (TLS, as with compose.tls.yml)" nginx -q -t -c "$tls_conf" -e "$ngx/logs/test.log"
  else
    skip "nginx TLS variant (no openssl)"
  fi

  if have curl && have node; then
    # Serve a fake build, proxy to a fake API on loopback, and look at what comes back.
    echo '<!doctype html><title>nastavnik-index</title>' >"$ngx/html/index.html"
    echo 'console.log("app")' >"$ngx/html/_app/immutable/app.3f2a.js"
    chmod -R a+rX "$ngx/html"
    start_fake_api() {
      node -e '
        const http = require("node:http");
        http.createServer((req, res) => {
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ url: req.url, xff: req.headers["x-forwarded-for"] ?? null,
            proto: req.headers["x-forwarded-proto"] ?? null }));
        }).listen(Number(process.argv[1]), "127.0.0.1");
        setTimeout(() => process.exit(0), 120000);
      ' "$api_port" &
      api_pid=$!
      cleanup_steps+=("kill $api_pid 2>/dev/null")
    }
    start_nginx() {
      nginx -c "$1" -e "$ngx/logs/error.log" -g "daemon off;" &
      nginx_pid=$!
      cleanup_steps+=("kill $nginx_pid 2>/dev/null")
      for _ in $(seq 1 50); do
        curl -s -o /dev/null "http://127.0.0.1:$http_port/healthz" && return 0
        sleep 0.1
      done
      fail "nginx did not start with $1"
      return 1
    }
    stop_nginx() {
      kill "$nginx_pid" 2>/dev/null
      wait "$nginx_pid" 2>/dev/null
    }
    # get URL [curl options]: prints "status|cache-control|body".
    get() {
      local url="$1"
      shift
      curl -sk -D "$tmp/headers" -o "$tmp/body" -w '%{http_code}' "$@" "$url" >"$tmp/status" || true
      printf '%s|%s|%s' "$(cat "$tmp/status")" \
        "$(tr -d '\r' <"$tmp/headers" | grep -i '^cache-control:' | cut -d' ' -f2- | tr '\n' ' ' | sed 's/ $//')" \
        "$(cat "$tmp/body")"
    }
    expect() {
      local name="$1" got="$2" pattern="$3"
      if [[ "$got" =~ $pattern ]]; then echo "ok: $name"; else fail "$name: got '$got'"; fi
    }
    # behaviour BASE_URL PROTO: what the SPA and the API proxy must do, in either variant.
    behaviour() {
      local base="$1" proto="$2" limited="" i code
      expect "[$proto] index.html revalidated" "$(get "$base/")" '^200\|no-cache\|.*nastavnik-index'
      expect "[$proto] client route falls back to index.html" "$(get "$base/region/dashboard/2025")" \
        '^200\|no-cache\|.*nastavnik-index'
      expect "[$proto] hashed asset cached for a year" "$(get "$base/_app/immutable/app.3f2a.js")" \
        '^200\|public, max-age=31536000, immutable\|'
      expect "[$proto] missing hashed asset: 404, not index.html, not cached" \
        "$(get "$base/_app/immutable/gone.js")" '^404\|\|'
      expect "[$proto] /api/ proxied with its query string, no cache header added" \
        "$(get "$base/api/health?x=1")" '^200\|\|.*"url":"/api/health\?x=1"'
      expect "[$proto] client's X-Forwarded-For replaced by its real address" \
        "$(get "$base/api/health" -H 'X-Forwarded-For: 203.0.113.9')" '"xff":"127\.0\.0\.1"'
      expect "[$proto] X-Forwarded-Proto" "$(get "$base/api/health")" "\"proto\":\"$proto\""
      curl -sk -D "$tmp/h" -o /dev/null "$base/"
      expect "[$proto] security headers" \
        "$(tr -d '\r' <"$tmp/h" | grep -ciE '^(x-content-type-options: nosniff|referrer-policy: same-origin|x-frame-options: sameorigin)')" '^3$'
      for i in $(seq 1 15); do
        code="$(curl -sk -o /dev/null -w '%{http_code}' -X POST "$base/api/auth/login")"
        [ "$code" = 429 ] && limited="429 after $i requests" && break
      done
      expect "[$proto] login rate limit across instances" "$limited" '^429'
    }

    start_fake_api
    if start_nginx "$plain_conf"; then
      expect "[http] health check answered by nginx" "$(get "http://127.0.0.1:$http_port/healthz")" '^200\|.*\|ok$'
      behaviour "http://127.0.0.1:$http_port" http
      stop_nginx
    fi
    if have openssl && start_nginx "$tls_conf"; then
      behaviour "https://127.0.0.1:$tls_port" https
      expect "[https] HSTS" "$(curl -sk -D - -o /dev/null "https://127.0.0.1:$tls_port/" | grep -ci '^strict-transport-security:')" '^1$'
      expect "[https] plain HTTP redirects to HTTPS" \
        "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/login?next=1")" \
        '^308 https://127\.0\.0\.1/login\?next=1$'
      kill "$api_pid" 2>/dev/null
      wait "$api_pid" 2>/dev/null
      expect "[https] API down is a 502" "$(get "https://127.0.0.1:$tls_port/api/health")" '^502\|'
      stop_nginx
    fi
    kill "$api_pid" 2>/dev/null
    if grep -E '\[(emerg|alert|crit)\]' "$ngx/logs/error.log"; then fail "nginx logged errors"; fi
  else
    skip "nginx behaviour test (needs curl and node)"
  fi
else
  skip "nginx (apt-get install -y nginx-light)"
fi

# ------------------------------------------------------------------ PostgreSQL
step "PostgreSQL scripts rehearsal"
if [ "${SKIP_POSTGRES:-0}" = 1 ]; then
  skip "PostgreSQL rehearsal (SKIP_POSTGRES=1)"
elif ! ls /usr/lib/postgresql/15/bin/initdb >/dev/null 2>&1; then
  skip "PostgreSQL rehearsal (no PostgreSQL 15 server binaries)"
elif [ "$(id -u)" != 0 ] && [ "$(id -un)" != postgres ]; then
  skip "PostgreSQL rehearsal (run as root or postgres)"
else
  check "init script, replica, backup and restore drill on scratch clusters" bash test-postgres.sh
fi

# ------------------------------------------------------------------ summary
printf '\n== summary\n'
for s in "${skipped[@]}"; do echo "skipped: $s"; done
if [ ${#failures[@]} -gt 0 ]; then
  for f in "${failures[@]}"; do echo "failed: $f"; done
  exit 1
fi
echo "all checks that ran passed"
