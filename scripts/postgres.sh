#!/usr/bin/env bash
# Throw-away PostgreSQL server for the test suite (never for production data).
#
#   scripts/postgres.sh run CMD...   start a server, run CMD with VIGIE_TEST_POSTGRES_URL set,
#                                    stop the server, exit with CMD's status
#   scripts/postgres.sh start        start one and print `export VIGIE_TEST_POSTGRES_URL=…` and
#                                    `export VIGIE_TEST_POSTGRES_DIR=…` (eval the output)
#   scripts/postgres.sh stop [DIR]   stop the server started in DIR ($VIGIE_TEST_POSTGRES_DIR)
#
# Binaries come from PATH or /usr/lib/postgresql/*/bin; when absent they are installed from
# the Debian packages (apt-get, non-interactive). If that fails, a clear message is printed
# and `run` executes CMD without the URL: the PostgreSQL tests are then skipped, not failed.
# The cluster lives in a temp dir, listens on 127.0.0.1 on a free port, trusts local
# connections and runs as a non-root user (initdb refuses root): `postgres` if it exists.
#
# For tests of this script: VIGIE_PG_BINDIRS (candidate bin dirs, default
# /usr/lib/postgresql/*/bin) and VIGIE_PG_INSTALL=0 (never call apt-get).
set -uo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  local d
  for d in ${VIGIE_PG_BINDIRS:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)}; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
  fi
  return 1
}

install_postgres() {
  local sudo=""
  if [ "${VIGIE_PG_INSTALL:-1}" = 0 ]; then
    log "PostgreSQL absent et installation désactivée (VIGIE_PG_INSTALL=0) : tests PostgreSQL ignorés."
    return 1
  fi
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      log "PostgreSQL absent et pas de droits root pour l'installer (apt-get install postgresql) : tests PostgreSQL ignorés."
      return 1
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || { log "PostgreSQL absent et apt-get indisponible : tests PostgreSQL ignorés."; return 1; }
  log "PostgreSQL absent : installation des paquets Debian (apt-get install postgresql)…"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q --no-install-recommends postgresql >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q --no-install-recommends postgresql >/dev/null 2>&1; } \
    || { log "installation de PostgreSQL impossible (apt-get a échoué) : tests PostgreSQL ignorés."; return 1; }
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local bindir dir port owner as_user=()
  bindir=$(find_bindir) || { install_postgres && bindir=$(find_bindir); } || return 1
  dir=$(mktemp -d "${TMPDIR:-/tmp}/vigie-pg.XXXXXX")
  if [ "$(id -u)" = 0 ]; then
    owner=postgres
    if ! id "$owner" >/dev/null 2>&1; then
      owner=vigiepg
      id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner" \
        || { log "impossible de créer un utilisateur non root pour PostgreSQL : tests PostgreSQL ignorés."; return 1; }
    fi
    chown "$owner" "$dir"
    chmod 700 "$dir"
    as_user=(runuser -u "$owner" --)
  fi
  port=$(free_port)
  "${as_user[@]}" "$bindir/initdb" -D "$dir/data" -U vigie --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || "${as_user[@]}" "$bindir/initdb" -D "$dir/data" -U vigie --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { log "initdb a échoué (voir $dir/initdb.log) : tests PostgreSQL ignorés."; cat "$dir/initdb.log" >&2; return 1; }
  "${as_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null 2>&1 \
    || { log "le serveur PostgreSQL n'a pas démarré (voir $dir/server.log)."; cat "$dir/server.log" >&2; return 1; }
  echo "$bindir" >"$dir/bindir"
  echo "${as_user[*]}" >"$dir/as_user"
  log "PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') démarré sur 127.0.0.1:$port (données : $dir)."
  echo "export VIGIE_TEST_POSTGRES_URL=postgresql+psycopg://vigie@127.0.0.1:$port/postgres"
  echo "export VIGIE_TEST_POSTGRES_DIR=$dir"
}

stop() {
  local dir=${1:-${VIGIE_TEST_POSTGRES_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  local bindir as_user
  bindir=$(cat "$dir/bindir" 2>/dev/null) || bindir=$(find_bindir)
  read -r -a as_user <"$dir/as_user" 2>/dev/null || as_user=()
  if ! "${as_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
    local pid
    pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null)
    [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    start || exit 0
    ;;
  stop)
    stop "${2:-}"
    ;;
  run)
    shift
    if env_lines=$(start); then
      eval "$env_lines"
      trap 'stop "$VIGIE_TEST_POSTGRES_DIR"' EXIT
    else
      log "les tests s'exécutent sans PostgreSQL (VIGIE_TEST_POSTGRES_URL non défini)."
    fi
    "$@"
    status=$?
    exit $status
    ;;
  *)
    echo "usage: $0 start | stop [DIR] | run CMD..." >&2
    exit 64
    ;;
esac
