# Sourced by tests that need PostgreSQL: starts a server of their own in a
# temporary folder, on a free port of 127.0.0.1, stopped (and the folder
# removed) when the sourcing script exits, even on failure.
#
#   . tests/pg.sh
#   pg_start                 # sets PG_URL (superuser), PG_PORT, PG_DIR
#   pg_url DB [USER [PASS]]  # prints a URL for another database or user
#   pg_sql DB "SQL"          # runs SQL as the superuser, prints rows (psql -tA)
#   pg_createdb NAME
#   pg_kill                  # SIGKILL the server (postmaster and backends)
#   pg_restart               # start it again on the same port and data
#   pg_stop
#
# As root (CI) the server runs as the user nobody: the folder is chowned to
# it and initdb/pg_ctl run through runuser or setpriv. PG_ON_EXIT may hold
# more cleanup commands of the sourcing test.
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_PASS=pg-test-admin
PG_ON_EXIT=${PG_ON_EXIT:-}

pg_as() { # pg_as CMD ARGS...: as the server's user
    if [ "$(id -u)" -ne 0 ]; then
        "$@"
    elif command -v runuser >/dev/null; then
        runuser -u nobody -- "$@"
    else
        setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
    fi
}

pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_launch() {
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR/sock -c fsync=off -c max_connections=60" \
        start >/dev/null 2>>"$PG_DIR/ctl.log"
}

pg_start() {
    [ -x "$PG_BIN/initdb" ] || { echo "pg.sh: PostgreSQL server binaries not found (apt-get install postgresql-15)"; exit 1; }
    PG_DIR=$(mktemp -d /tmp/signage-pg.XXXXXX)
    chmod 755 "$PG_DIR"
    mkdir -p "$PG_DIR/sock"
    printf '%s\n' "$PG_PASS" >"$PG_DIR/pw"
    [ "$(id -u)" -ne 0 ] || chown -R nobody "$PG_DIR"
    trap pg_cleanup EXIT
    trap 'exit 130' INT TERM
    pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pw" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
        { cat "$PG_DIR/initdb.log"; echo "pg.sh: initdb failed"; exit 1; }
    for _pg_try in 1 2 3; do
        PG_PORT=$(pg_free_port)
        pg_launch && break
        [ "$_pg_try" -lt 3 ] || { cat "$PG_DIR/server.log"; echo "pg.sh: the server did not start"; exit 1; }
    done
    PG_URL=$(pg_url postgres)
    export PG_URL PG_PORT PG_DIR
}

pg_url() { # pg_url DB [USER [PASS]]
    echo "postgresql://${2:-postgres}:${3:-$PG_PASS}@127.0.0.1:$PG_PORT/$1"
}

pg_sql() { # pg_sql DB SQL
    PGPASSWORD=$PG_PASS psql -X -q -v ON_ERROR_STOP=1 -tA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -c "$2"
}

pg_createdb() {
    pg_sql postgres "CREATE DATABASE \"$1\""
}

pg_kill() {
    _pg_pid=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)
    [ -n "$_pg_pid" ] || return 0
    # The postmaster and every backend, so nothing answers on the port.
    pkill -9 -P "$_pg_pid" 2>/dev/null
    kill -9 "$_pg_pid" 2>/dev/null
    while kill -0 "$_pg_pid" 2>/dev/null; do sleep 0.05; done
}

pg_restart() {
    for _pg_try in 1 2 3 4 5 6 7 8 9 10; do
        pg_launch && return 0
        sleep 0.5
    done
    cat "$PG_DIR/server.log"
    echo "pg.sh: the server did not start again"
    return 1
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] || return 0
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || pg_kill
}

pg_cleanup() {
    _pg_rc=$?
    eval "$PG_ON_EXIT"
    pg_stop
    [ -n "${PG_DIR:-}" ] && rm -rf "$PG_DIR"
    exit $_pg_rc
}
