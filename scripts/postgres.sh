# Sourced by scripts/test: installs PostgreSQL from Debian's packages when absent and starts a
# throwaway cluster (trust auth, loopback only, fsync off) that is removed when the shell exits.
# Sets SAMSTYRE_TEST_DATABASE_URL. An existing server can be used instead by setting that variable.
start_postgres() {
    if [ -n "${SAMSTYRE_TEST_DATABASE_URL:-}" ]; then
        return 0
    fi
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
        echo "== installing PostgreSQL (Debian package)"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
        bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    PG_TMP=$(mktemp -d /tmp/samstyre-pg.XXXXXX)
    local as_user=()
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$PG_TMP"
        as_user=(runuser -u postgres --)
    fi
    PG_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_user[@]}" "$bindir/initdb" -D "$PG_TMP/data" -A trust -U samstyre -E UTF8 >/dev/null
    "${as_user[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -o \
        "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    PG_AS_USER=("${as_user[@]}")
    PG_BINDIR="$bindir"
    trap stop_postgres EXIT
    export SAMSTYRE_TEST_DATABASE_URL="postgresql://samstyre@127.0.0.1:$PG_PORT/postgres"
}

stop_postgres() {
    "${PG_AS_USER[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
}
