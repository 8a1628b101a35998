#!/usr/bin/env bash
# A local three-node MariaDB Galera cluster for development and tests (deploy/galera/nodeN.cnf).
#
#   deploy/galera/cluster.sh start DIR        install (first time) and start nodes 1, 2, 3
#   deploy/galera/cluster.sh start-node DIR N start node N again (it rejoins by IST, or SST if needed)
#   deploy/galera/cluster.sh stop DIR         stop all nodes cleanly (SIGTERM), last one last
#   deploy/galera/cluster.sh status DIR       wsrep state of each running node
#
# DIR holds everything of the cluster: DIR/nodeN/{data,mariadbd.sock,mariadbd.pid,mariadbd.log}.
# Each node listens on 127.0.0.1 only, on the ports named in its nodeN.cnf (SQL 34061-34063).
# Root has no password (local development only). Needs mariadb-server, galera-4 and rsync (SST).
# Run as root, the servers run as root too (--user=root); otherwise as the calling user.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
command="${1:-}"
dir="${2:-}"
[ -n "$command" ] && [ -n "$dir" ] || { sed -n '2,12p' "$0" >&2; exit 2; }
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

server="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
installer="$(command -v mariadb-install-db || echo /usr/bin/mariadb-install-db)"
as_user=()
[ "$(id -u)" = 0 ] && as_user=(--user=root)

sql_port() { echo $((34060 + $1)); }

client() { # client N SQL...
  local n="$1"; shift
  mariadb --no-defaults -uroot -h127.0.0.1 -P"$(sql_port "$n")" -N -B -e "$*"
}

wait_synced() { # wait_synced N: until the node answers and reports itself Synced
  local n="$1" i
  for i in $(seq 1 180); do
    if [ "$(client "$n" "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)" = Synced ]; then
      return 0
    fi
    if ! kill -0 "$(cat "$dir/node$n/mariadbd.pid" 2>/dev/null || echo 0)" 2>/dev/null && [ "$i" -gt 10 ]; then
      echo "node $n is not running; its log:" >&2; tail -n 40 "$dir/node$n/mariadbd.log" >&2; return 1
    fi
    sleep 1
  done
  echo "node $n did not reach Synced in 180 s; its log:" >&2; tail -n 40 "$dir/node$n/mariadbd.log" >&2
  return 1
}

start_node() { # start_node N [--wsrep-new-cluster]
  local n="$1"; shift
  local home="$dir/node$n"
  mkdir -p "$home"
  if [ ! -d "$home/data/mysql" ]; then
    # Nodes 2 and 3 receive their data from a donor (SST); only node 1 needs an installed datadir,
    # but an installed one on the joiners is harmless: SST replaces it.
    "$installer" --no-defaults --datadir="$home/data" --auth-root-authentication-method=normal \
        --skip-test-db "${as_user[@]}" >"$home/install.log" 2>&1
  fi
  # wsrep_start_position is recovered from InnoDB by the server itself after a crash (kill -9).
  # A joiner whose state transfer fails aborts ("restart required"); Debian's mariadb.service
  # restarts it (Restart=on-abnormal) and so does this script, once: the second start requests a
  # fresh transfer from a donor. Seen on a loaded 2-core machine after kill -9: the donor's
  # mariabackup SST ended without a position and the joiner aborted.
  local attempt
  for attempt in 1 2; do
    setsid "$server" --defaults-file="$here/node$n.cnf" \
        --datadir="$home/data" --socket="$home/mariadbd.sock" --pid-file="$home/mariadbd.pid" \
        --log-error="$home/mariadbd.log" "${as_user[@]}" "$@" >>"$home/mariadbd.out" 2>&1 </dev/null &
    echo $! >"$home/mariadbd.pid"
    if wait_synced "$n"; then
      echo "node $n synced on 127.0.0.1:$(sql_port "$n") (pid $(cat "$home/mariadbd.pid"))"
      return 0
    fi
    local pid; pid="$(cat "$home/mariadbd.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      return 1 # still running but never Synced: not a crash a restart would cure
    fi
    [ "$attempt" = 1 ] && echo "node $n stopped while joining; starting it once more, as mariadb.service would" >&2
  done
  return 1
}

case "$command" in
  start)
    if [ -f "$dir/node1/data/grastate.dat" ]; then
      # An existing cluster restarted after a full stop: the node stopped last has safe_to_bootstrap: 1.
      first=1
      for n in 1 2 3; do
        grep -q '^safe_to_bootstrap: 1' "$dir/node$n/data/grastate.dat" 2>/dev/null && first=$n
      done
    else
      first=1
    fi
    start_node "$first" --wsrep-new-cluster
    for n in 1 2 3; do
      [ "$n" = "$first" ] || start_node "$n"
    done
    ;;
  start-node)
    start_node "${3:?node number 1-3}"
    ;;
  stop)
    for n in 3 2 1; do
      pidfile="$dir/node$n/mariadbd.pid"
      if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        pid="$(cat "$pidfile")"
        kill -TERM "$pid"
        while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
        echo "node $n stopped"
      fi
    done
    ;;
  status)
    for n in 1 2 3; do
      echo "node $n: $(client "$n" "SHOW STATUS WHERE Variable_name IN ('wsrep_local_state_comment','wsrep_cluster_size','wsrep_last_committed')" 2>/dev/null | tr '\n\t' ' =' || echo down)"
    done
    ;;
  *)
    sed -n '2,12p' "$0" >&2; exit 2
    ;;
esac
