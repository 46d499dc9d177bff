#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and benchmarks: its own data folder and port,
# run as the `postgres` user when started by root (initdb refuses root), gone when stopped.
#   scripts/postgres-cluster.sh start <folder> [port]   prints the DATABASE_URL to use (a free port if none)
#   scripts/postgres-cluster.sh stop <folder>
set -euo pipefail
action=$1 folder=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (Debian: apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $action in
  start)
    port=${3:-}
    if [ -z "$port" ]; then
      for candidate in $(shuf -i 20000-60000 -n 50); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
      done
    fi
    mkdir -p "$folder"
    [ "$(id -u)" = 0 ] && chown postgres "$folder"
    as_owner "$bin/initdb" -D "$folder/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log"
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
      -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null || true
    rm -rf "$folder"
    ;;
  *) echo "usage: $0 start <folder> <port> | stop <folder>" >&2; exit 2 ;;
esac
