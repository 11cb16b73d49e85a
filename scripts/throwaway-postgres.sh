# Sourced by scripts/test and bench/run: starts a throwaway PostgreSQL cluster on a free loopback
# port, exports FOLLOWUP_TEST_POSTGRES_URL, and stops and removes it when the caller exits.
# initdb refuses to run as root, so as root the cluster runs as the postgres user.

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] || { echo "PostgreSQL's initdb is not installed (looked in /usr/lib/postgresql/*/bin)" >&2; exit 1; }

pg_scratch=$(mktemp -d /tmp/followup-pg.XXXXXX)
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pg_scratch"
stop_throwaway_postgres() {
  as_pg "$pgbin/pg_ctl" -D "$pg_scratch/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_scratch"
}
trap stop_throwaway_postgres EXIT
as_pg "$pgbin/initdb" -D "$pg_scratch/data" -U postgres -A trust --no-sync -E UTF8 >"$pg_scratch/initdb.log" 2>&1 \
  || { cat "$pg_scratch/initdb.log" >&2; echo "initdb failed" >&2; exit 1; }
as_pg "$pgbin/pg_ctl" -D "$pg_scratch/data" -l "$pg_scratch/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_scratch -c max_connections=200 ${FOLLOWUP_PG_OPTIONS:-}" \
  start >/dev/null || { cat "$pg_scratch/server.log" >&2; echo "PostgreSQL did not start" >&2; exit 1; }
export FOLLOWUP_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
