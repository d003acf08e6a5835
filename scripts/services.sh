#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on their standard local ports.
#
#   scripts/services.sh ensure      start them when installed but stopped; install them with
#                                   apt-get when missing (as root on Debian/Ubuntu)
#   scripts/services.sh redis-ok    exit 0 when Redis answers (used by `make run`)
#
# When DATABASE_URL / REDIS_URL are set, those services are someone else's: we leave them be.
set -uo pipefail

PG_PORT=5432
REDIS_PORT=6379

log() { printf '[services] %s\n' "$*" >&2; }

port_open() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && exec 3>&- 3<&-
}

can_apt() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  log "installing $* with apt-get"
  if [ -z "${_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    _APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    if can_apt; then
      apt_install postgresql
      fresh_install=1
    else
      log "PostgreSQL is not installed and cannot be installed here; set DATABASE_URL"; return 1
    fi
  fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    log "no PostgreSQL cluster found under /etc/postgresql"; return 1
  fi
  if [ -n "${fresh_install:-}" ]; then
    # A cluster we just installed: local development and CI trust the loopback, like the
    # machines this project is built on (docs/configuration.md explains production).
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
    sed -i -E 's/^(local\s+all\s+postgres\s+)\S+/\1trust/' "$hba"
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null ||
    pg_ctlcluster "$version" main start || return 1
  for _ in $(seq 1 30); do port_open 127.0.0.1 $PG_PORT && return 0; sleep 0.5; done
  log "PostgreSQL did not come up on port $PG_PORT"; return 1
}

start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    if can_apt; then apt_install redis-server; else
      log "Redis is not installed and cannot be installed here"; return 1
    fi
  fi
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port $REDIS_PORT --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 2>&1 ||
    redis-server --daemonize yes --bind 127.0.0.1 --port $REDIS_PORT --save "" --appendonly no \
      >/dev/null || return 1
  for _ in $(seq 1 20); do port_open 127.0.0.1 $REDIS_PORT && return 0; sleep 0.25; done
  log "Redis did not come up on port $REDIS_PORT"; return 1
}

ensure() {
  local status=0
  if [ -z "${DATABASE_URL:-}" ] && ! port_open 127.0.0.1 $PG_PORT; then
    start_postgres || status=1
  fi
  if [ -z "${REDIS_URL:-}" ] && ! port_open 127.0.0.1 $REDIS_PORT; then
    if ! start_redis; then
      if [ -n "${REQUIRE_REDIS:-}" ]; then status=1; else log "continuing without Redis"; fi
    fi
  fi
  return $status
}

case "${1:-ensure}" in
  ensure) ensure ;;
  redis-ok) port_open 127.0.0.1 $REDIS_PORT ;;
  *) echo "usage: $0 ensure|redis-ok" >&2; exit 2 ;;
esac
