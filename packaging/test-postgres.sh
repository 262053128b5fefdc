#!/usr/bin/env bash
# A PostgreSQL server for the tests, in a folder of its own, owned by an unprivileged user (PostgreSQL
# refuses to run as root: as root it runs as Debian's `postgres` user). Not the system's cluster: nothing
# outside FOLDER is touched.
#   packaging/test-postgres.sh start FOLDER   makes the cluster, starts it on a free port of 127.0.0.1 and
#                                             prints the URL the tests take (INTEGRATOR_TEST_POSTGRES)
#   packaging/test-postgres.sh stop FOLDER    stops it (fast shutdown) and removes FOLDER
# packaging/test.sh starts one before the tests and stops it after them.
set -euo pipefail

command=${1:-}
folder=${2:-}
if [ -z "$command" ] || [ -z "$folder" ]; then
  echo "usage: $0 start|stop FOLDER" >&2
  exit 2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "test-postgres: no PostgreSQL server here (packaging/install-deps.sh installs it)" >&2; exit 1; }

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(runuser -u postgres --)
fi

case "$command" in
start)
  mkdir -p "$folder"
  chmod 0755 "$folder"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$folder"
  "${as_owner[@]}" "$bin/initdb" -D "$folder/data" -U integrator --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    > "$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }
  port=25432
  while (: < "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do
    port=$((port + 1))
  done
  # Durable commits, as the engine needs them; a small server, as a test needs it.
  "${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c synchronous_commit=on -c fsync=on -c max_connections=200" \
    start > /dev/null || { cat "$folder/server.log" >&2; exit 1; }
  echo "postgresql://integrator@127.0.0.1:$port/postgres"
  ;;
stop)
  if [ -f "$folder/data/postmaster.pid" ]; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -m fast -w stop > /dev/null || true
  fi
  rm -rf "$folder"
  ;;
*)
  echo "usage: $0 start|stop FOLDER" >&2
  exit 2
  ;;
esac
