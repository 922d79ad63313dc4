#!/usr/bin/env bash
# Brings a Debian machine to the state the test suite needs: the system libraries and browser,
# node for the asset build, and PostgreSQL and Redis answering on 127.0.0.1.
# Safe to run again: each step only acts when its check fails.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = 'install ok installed' ]
}

pg_up() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }
pg_accepts() { psql -w -h 127.0.0.1 -U postgres -Atc 'SELECT 1' >/dev/null 2>&1; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = PONG ]; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# WeasyPrint loads Pango at import time; the Liberation fonts give the pack Arial's metrics.
for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2; do
  installed "$pkg" || missing+=("$pkg")
done
# A server already answering (a CI service container, say) needs no local install.
pg_up || command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
redis_up || command -v redis-server >/dev/null || missing+=(redis-server)
{ command -v node && command -v npm; } >/dev/null || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

wait_for() {
  local what=$1
  shift
  for _ in $(seq 60); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  echo "$what did not come up within 30 seconds" >&2
  return 1
}

# The suite connects as postgres over TCP without a password; only loopback is trusted.
trust_loopback_and_start() {
  local version cluster hba rule='host all postgres 127.0.0.1/32 trust'
  read -r version cluster _ < <(pg_lsclusters -h | head -n 1)
  hba=/etc/postgresql/$version/$cluster/pg_hba.conf
  as_root grep -qx "$rule" "$hba" || as_root sed -i "1i $rule" "$hba"
  if pg_up; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" reload
  else
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
  fi
}

if ! pg_up && [ -z "$(pg_lsclusters -h)" ]; then
  as_root pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n 1)" main
fi
# Covers both a stopped cluster and one that apt started with password authentication.
pg_accepts || trust_loopback_and_start
wait_for PostgreSQL pg_accepts

# `make test` points DATABASE_URL at this database by default.
if [ -z "$(psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'swp'")" ]; then
  createdb -h 127.0.0.1 -U postgres swp
fi

if ! redis_up; then
  as_root mkdir -p /var/lib/redis /var/log/redis
  # Nothing the tests put in Redis is worth keeping, so persistence is off.
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis redis_up

echo "PostgreSQL and Redis are up on 127.0.0.1."
