#!/usr/bin/env bash
# Phasegate benchmark harness: direct PostgreSQL vs PgBouncer (session pooling) vs Phasegate,
# side by side in one run on this machine. Writes the results into docs/benchmarks.md.
#
#   bench/run.sh                       # full run (12 rounds, 10 s per measurement; about an hour)
#   BENCH_DURATION=5 BENCH_ROUNDS=1 bench/run.sh   # a quick look (not for publishing)
#   BENCH_PROXY_CPUS=1 BENCH_PARTS=passthrough BENCH_OUT=/tmp/split.md bench/run.sh
#                                      # proxies on CPU 1, the load on the others
#   BENCH_FLOOR=1 BENCH_PARTS=passthrough BENCH_OUT=/tmp/floor.md bench/run.sh
#                                      # a fourth target: a bare byte relay on io_uring (bench/floor)
#   BENCH_CLIENTS=8 BENCH_WORKLOADS=tpcb-like BENCH_ROUNDS=12 BENCH_PARTS=passthrough BENCH_OUT=/tmp/row.md bench/run.sh
#                                      # one row of the pass-through table, with more rounds
#
# Everything listens on 127.0.0.1 only and stops at the end. Not part of ./mvnw verify.
set -euo pipefail
# The whole script is one block, read before it runs: bash reads a script as it goes, so editing or
# checking out this file during a 45-minute run would otherwise make it run from a shifted offset.
{

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${BENCH_DURATION:-10}"
# 12 rounds: a 95 % interval of a median needs 6 at the least, and at 12 it runs from the 3rd to the
# 10th round, narrow enough (a few per cent) to judge a row against PgBouncer (bench/report.py).
ROUNDS="${BENCH_ROUNDS:-12}"
SCALE="${BENCH_SCALE:-10}"
CLIENTS="${BENCH_CLIENTS:-8 32}"
# Which pass-through workloads to measure, by name or name/mode (all four by default).
WORKLOADS=" ${BENCH_WORKLOADS:-select-only tpcb-like} "
STREAM_MB="${BENCH_STREAM_MB:-1024}"
IDLE_SESSIONS="${BENCH_IDLE_SESSIONS:-1000}"
# Which parts to run (all by default); e.g. BENCH_PARTS=managed to re-measure one part while profiling.
PARTS=" ${BENCH_PARTS:-passthrough managed stream idle} "
part() { [[ "$PARTS" == *" $1 "* ]]; }
JAR="$ROOT/gateway/target/phasegate.jar"
OUT="${BENCH_OUT:-$ROOT/docs/benchmarks.md}"

WORK="$(mktemp -d /tmp/phasegate-bench.XXXXXX)"
chmod 755 "$WORK"
RESULTS="$WORK/results.tsv"
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
: > "$RESULTS"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PG_PORT=$(free_port); BOUNCER_PORT=$(free_port); GATE_PORT=$(free_port); ADMIN_PORT=$(free_port)

PG_BIN="${PHASEGATE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
PGBENCH="$PG_BIN/pgbench"; PSQL="$PG_BIN/psql"
[ -x "$PGBENCH" ] || PGBENCH="$(command -v pgbench)"
[ -x "$PSQL" ] || PSQL="$(command -v psql)"

# PostgreSQL and PgBouncer refuse to run as root: drop to nobody for them.
as_service() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; else "$@"; fi
}

# BENCH_PROXY_CPUS (a CPU list, e.g. 1): the proxies run on those CPUs and PostgreSQL, pgbench and
# psql on the others, so a proxy never waits for a core behind the load it relays. This is not the
# setting the targets are for (they are for the shared cores, as most small deployments run); it
# tells what a proxy costs by itself from what it costs by waiting for a core the load also wants.
PROXY_CPUS="${BENCH_PROXY_CPUS:-}"
PROXY_ON=()
if [ -n "$PROXY_CPUS" ]; then
  LOAD_CPUS=$(python3 - "$PROXY_CPUS" <<'PY'
import os, sys
proxy = set()
for part in sys.argv[1].split(","):
    lo, _, hi = part.partition("-")
    proxy.update(range(int(lo), int(hi or lo) + 1))
allowed = os.sched_getaffinity(0)
rest = sorted(allowed - proxy)
if not proxy <= allowed or not rest:
    sys.exit(f"BENCH_PROXY_CPUS={sys.argv[1]}: needs CPUs this process may use ({sorted(allowed)}) and leaves none for the load")
print(",".join(map(str, rest)))
PY
  ) || exit 2
  # Everything this script starts from here on (PostgreSQL and its backends, pgbench, psql) inherits it.
  taskset -pc "$LOAD_CPUS" $$ >/dev/null
  PROXY_ON=(taskset -c "$PROXY_CPUS")
fi

PIDS=()
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  # pgbouncer runs under setpriv in a subshell: its own pid file names the real process.
  [ -f "$WORK/pgbouncer.pid" ] && kill "$(cat "$WORK/pgbouncer.pid")" 2>/dev/null
  [ -n "${IDLE_PID:-}" ] && kill "$IDLE_PID" 2>/dev/null
  as_service "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- build and tools --------------------------------------------------------------------------
if [ ! -f "$JAR" ]; then
  log "building $JAR"
  (cd "$ROOT" && ./mvnw -q -DskipTests package)
fi
if ! command -v pgbouncer >/dev/null 2>&1; then
  log "installing pgbouncer (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq pgbouncer >/dev/null
  service pgbouncer stop >/dev/null 2>&1 || true
fi

# --- PostgreSQL -------------------------------------------------------------------------------
log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$WORK"
as_service "$PG_BIN/initdb" -D "$WORK/pgdata" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >/dev/null
as_service "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" -w start -o \
  "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK -c max_connections=$((IDLE_SESSIONS + 200)) -c shared_buffers=256MB -c fsync=off -c synchronous_commit=off" >/dev/null
PSQL_DIRECT=("$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres)
"${PSQL_DIRECT[@]}" -d postgres -c "CREATE DATABASE bench"
log "pgbench -i -s $SCALE"
"$PGBENCH" -i -q -s "$SCALE" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench >/dev/null 2>&1

# Managed-column workload tables: the managed one and an equivalent unmanaged one.
"${PSQL_DIRECT[@]}" -d bench <<SQL
CREATE TABLE bench_users (id int PRIMARY KEY, email text NOT NULL, email_lower text);
CREATE TABLE bench_plain (id int PRIMARY KEY, email text NOT NULL, email_lower text);
INSERT INTO bench_users SELECT i, 'User' || i || '@Example.com', lower('User' || i || '@Example.com') FROM generate_series(1, 100000) i;
INSERT INTO bench_plain SELECT * FROM bench_users;
VACUUM ANALYZE;
-- The tables the workloads write are vacuumed before each measurement instead (vacuum_before), so no
-- autovacuum or autoanalyze worker starts in the middle of one target's run and not the other's.
ALTER TABLE pgbench_accounts SET (autovacuum_enabled = off);
ALTER TABLE pgbench_branches SET (autovacuum_enabled = off);
ALTER TABLE pgbench_tellers SET (autovacuum_enabled = off);
ALTER TABLE pgbench_history SET (autovacuum_enabled = off);
ALTER TABLE bench_users SET (autovacuum_enabled = off);
ALTER TABLE bench_plain SET (autovacuum_enabled = off);
SQL

# --- PgBouncer --------------------------------------------------------------------------------
cat > "$WORK/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$PG_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $WORK/userlist.txt
pool_mode = session
admin_users = postgres
max_client_conn = $((IDLE_SESSIONS + 200))
default_pool_size = $((IDLE_SESSIONS + 100))
max_db_connections = 0
logfile = $WORK/pgbouncer.log
pidfile = $WORK/pgbouncer.pid
ignore_startup_parameters = extra_float_digits
INI
echo '"postgres" ""' > "$WORK/userlist.txt"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$WORK"/pgbouncer.ini "$WORK"/userlist.txt
# Each proxy runs in a session of its own (setsid), as a service would and as PostgreSQL does
# (pg_ctl starts it with setsid): otherwise it shares the load generator's scheduler autogroup and
# competes with pgbench's threads for that group's share of the cores (docs/benchmarks.md, seventh
# session). setsid does not fork here (a background job is no process-group leader), so $! stays
# the proxy's pid.
as_service "${PROXY_ON[@]}" setsid pgbouncer "$WORK/pgbouncer.ini" > "$WORK/pgbouncer.out" 2>&1 &
PIDS+=($!)

# --- Phasegate --------------------------------------------------------------------------------
cat > "$WORK/phasegate.yml" <<YML
listen: 127.0.0.1:$GATE_PORT
upstream:
  host: 127.0.0.1
  port: $PG_PORT
  database: bench
  user: postgres
admin:
  listen: 127.0.0.1:$ADMIN_PORT
  token: bench-token
store:
  type: file
  file: $WORK/phases.json
audit:
  file: $WORK/audit.jsonl
columns:
  - id: public.bench_users.email_lower
    type: text
    source: email
    up: lower(email)
    phase: hidden
YML
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms256m -Xmx1g}"
"${PROXY_ON[@]}" setsid java $JAVA_OPTS -jar "$JAR" serve --config "$WORK/phasegate.yml" > "$WORK/phasegate.log" 2>&1 &
GATE_PID=$!
PIDS+=($GATE_PID)
# Waits until a target answers a query, for at most $2 tries 0.2 s apart.
wait_for_port() {
  for _ in $(seq 1 "$2"); do
    "$PSQL" -X -q -h 127.0.0.1 -p "$1" -U postgres -d bench -c 'SELECT 1' >/dev/null 2>&1 && return
    sleep 0.2
  done
}
wait_for_port "$GATE_PORT" 100
wait_for_port "$BOUNCER_PORT" 50

# BENCH_FLOOR=1: a fourth target, bench/floor/RawRelay.java, a byte relay in Java on raw io_uring
# operations with no protocol and no Netty pipeline: what relaying alone costs on this machine, so the
# gateway's cost can be split into the relaying and the layers above it. Compiled against the
# gateway's jar (which carries Netty), run like the proxies.
FLOOR_PORT=""
if [ "${BENCH_FLOOR:-0}" = 1 ]; then
  FLOOR_PORT=$(free_port)
  mkdir -p "$WORK/floor"
  javac -nowarn -cp "$JAR" -d "$WORK/floor" "$ROOT/bench/floor/RawRelay.java"
  "${PROXY_ON[@]}" setsid java $JAVA_OPTS -cp "$JAR:$WORK/floor" RawRelay "$FLOOR_PORT" "$PG_PORT" > "$WORK/floor.log" 2>&1 &
  FLOOR_PID=$!
  PIDS+=($FLOOR_PID)
  wait_for_port "$FLOOR_PORT" 50
fi

port_of() { case "$1" in direct) echo "$PG_PORT";; pgbouncer) echo "$BOUNCER_PORT";; phasegate) echo "$GATE_PORT";; floor) echo "$FLOOR_PORT";; esac; }

# The proxy's process (for its CPU time): none for direct.
proxy_pid() {
  case "$1" in
    phasegate) echo "$GATE_PID" ;;
    pgbouncer) cat "$WORK/pgbouncer.pid" 2>/dev/null || echo "" ;;
    floor) echo "$FLOOR_PID" ;;
    *) echo "" ;;
  esac
}
# utime and stime of a process, in clock ticks ("0 0" when there is none).
cpu_ticks() { if [ -n "$1" ] && [ -r "/proc/$1/stat" ]; then awk '{print $14, $15}' "/proc/$1/stat"; else echo "0 0"; fi; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# PgBouncer's session pool keeps its server connections when pgbench disconnects, so without this
# each PgBouncer run would get backends warmed by the run before (their shared buffers already
# mapped: ~100 page faults in 5 s instead of ~38,000 at -c 32), while every direct and Phasegate run
# starts fresh backends. That measured PostgreSQL's backend warm-up, not the proxy (PgBouncer read
# 1.45 of direct at -c 32). Dropping the pool first gives every target fresh backends. It is dropped
# again after each of its runs, so its idle server connections do not sit beside the next target's
# run either: every run sees only its own backends (and the gateway's two control connections), as
# after a direct or a Phasegate run, whose backends end with their clients.
reset_bouncer_pool() {
  "$PSQL" -X -q -h 127.0.0.1 -p "$BOUNCER_PORT" -U postgres -d pgbouncer -c 'KILL bench' -c 'RESUME bench' \
    >/dev/null 2>&1 || log "could not reset PgBouncer's pool (its admin console refused)"
  for _ in $(seq 1 50); do
    [ "$("$PSQL" -X -At -h 127.0.0.1 -p "$BOUNCER_PORT" -U postgres -d pgbouncer -c 'SHOW SERVERS' 2>/dev/null | grep -c .)" = 0 ] && break
    sleep 0.1
  done
}

# One pgbench measurement -> a line in results.tsv:
#   round target workload mode clients tps avg_ms p99_ms proxy_user_us_per_tx proxy_sys_us_per_tx
measure() {
  local round=$1 target=$2 workload=$3 mode=$4 clients=$5; shift 5
  local port; port=$(port_of "$target")
  local logdir="$WORK/log.$target.$workload.$mode.$clients.$round"
  mkdir -p "$logdir"
  local pid; pid=$(proxy_pid "$target")
  if [ "$target" = pgbouncer ]; then reset_bouncer_pool; fi
  local u0 s0 u1 s1
  read -r u0 s0 <<< "$(cpu_ticks "$pid")"
  local out
  out=$("$PGBENCH" -h 127.0.0.1 -p "$port" -U postgres -n -M "$mode" -c "$clients" -j 2 -T "$DURATION" \
        -l --log-prefix="$logdir/tx" "$@" bench 2>&1) || { log "pgbench failed on $target: $out"; return 0; }
  read -r u1 s1 <<< "$(cpu_ticks "$pid")"
  if [ "$target" = pgbouncer ]; then reset_bouncer_pool; fi
  local tps avg p99 txs cpu
  tps=$(echo "$out" | awk '/^tps = /{print $3; exit}')
  avg=$(echo "$out" | awk '/latency average/{print $4; exit}')
  txs=$(echo "$out" | awk '/number of transactions actually processed/{print $NF; exit}' | cut -d/ -f1)
  p99=$(cat "$logdir"/tx* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END{ if (NR==0) print "nan"; else { i=int(NR*0.99); if (i<1) i=1; printf "%.3f", a[i]/1000 } }')
  cpu=$(awk -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v t="${txs:-0}" -v k="$TICK_US" \
        'BEGIN { if (t > 0) printf "%.1f\t%.1f", u * k / t, s * k / t; else printf "nan\tnan" }')
  rm -rf "$logdir"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$target" "$workload" "$mode" "$clients" "$tps" "$avg" "$p99" "$cpu" >> "$RESULTS"
  log "round $round $target $workload -M $mode -c $clients: tps=$tps avg=${avg}ms p99=${p99}ms proxy CPU µs/tx (user, sys)=$(echo "$cpu" | tr '\t' ' ')"
}

# Unrecorded load through every target first: a long-running gateway is measured warm (PgBouncer
# needs no warm-up, PostgreSQL's caches do). The JIT compiler settles per workload: a fresh gateway
# under TPC-B-like at -c 32 kept C2 busy for about 24 s and its CPU per transaction fell from 330 to
# 60 µs meanwhile (2026-11-26, 17:40), so every workload gets its own warm-up at -c 32.
WARMUP="${BENCH_WARMUP:-20}"
warm_target() {
  local port; port=$(port_of "$1")
  for mode in simple extended prepared; do
    "$PGBENCH" -h 127.0.0.1 -p "$port" -U postgres -n -M "$mode" -S -c 32 -j 2 -T "$WARMUP" bench >/dev/null 2>&1 || true
  done
  "$PGBENCH" -h 127.0.0.1 -p "$port" -U postgres -n -c 32 -j 2 -T "$WARMUP" bench >/dev/null 2>&1 || true
}

TARGETS=(direct pgbouncer phasegate)
[ -n "$FLOOR_PORT" ] && TARGETS+=(floor)
# The targets in round $1's order. Rotating one fixed order made each target always follow the same
# one (Phasegate always ran right after PgBouncer), so whatever a run leaves behind for the next
# weighed on one target only. The orders here form a Williams design: over a full cycle of rounds
# each target runs in each position equally often and right after each other target equally often.
# Three targets: all six orders (a full cycle is 6 rounds); four (with the floor): 4 orders. Round
# $1 takes the cycle's order ($1 - 1) mod its length, so a run of a multiple of the cycle is balanced.
targets_in_round() {
  python3 - "$1" "${TARGETS[@]}" <<'PY2'
import sys
r, targets = int(sys.argv[1]), sys.argv[2:]
n = len(targets)
base, lo, hi = [0], 1, n - 1
while len(base) < n:  # 0, 1, n-1, 2, n-2, ...
    base.append(lo); lo += 1
    if len(base) < n:
        base.append(hi); hi -= 1
orders = [[(b + i) % n for b in base] for i in range(n)]
if n % 2:
    orders += [list(reversed(o)) for o in orders]
print(" ".join(targets[i] for i in orders[(r - 1) % len(orders)]))
PY2
}
if part passthrough; then
  log "warming up every target ($WARMUP s per workload at -c 32)"
  for target in "${TARGETS[@]}"; do warm_target "$target"; done
fi
# For each workload the three targets run back to back, so the three figures a ratio compares are
# seconds apart: this machine's throughput drifts by 10-30 % over minutes (other virtual machines
# on the host), and measuring each target's whole table in turn put minutes between them. The order
# of targets changes between rounds (targets_in_round) so no target always runs on a warmer machine
# or after the same other target; the report takes each round's ratio to direct and keeps the median.
# Before each measurement that writes, what `pgbench -v` does before a run (every measurement passes
# -n, so no target's run includes it): vacuum the tables the workload writes and empty the history.
# Without it each TPC-B-like run inherited the dead row versions of the runs before it on the same ten
# branch rows, and the tail grew with a target's place in the round (twenty-first session: p99 of the
# first target in the TPC-B-like block against the later ones). The accounts table too: a round's
# TPC-B-like runs update about 300,000 of its rows, past autoanalyze's threshold (10 % of the table)
# every run or two, and autovacuum then analysed or vacuumed it inside whichever run was under way
# when its launcher woke, on one target's run and not the next one's. Autovacuum is off for these
# tables, so this is their only maintenance (removing the workers did not narrow the rounds' spread,
# which is the host's: docs/benchmarks.md, twenty-third session). Run on PostgreSQL directly,
# outside any measured window.
# $1: the tables to vacuum (comma-separated); $2, if given: a table to empty.
vacuum_before() {
  local sql=(-c "VACUUM ANALYZE $1")
  [ -n "${2:-}" ] && sql+=(-c "TRUNCATE $2")
  "${PSQL_DIRECT[@]}" -v ON_ERROR_STOP=1 -d bench "${sql[@]}" >/dev/null 2>&1 || log "could not vacuum $1${2:+ or empty $2}"
}
part passthrough && for round in $(seq 1 "$ROUNDS"); do
  read -r -a order <<< "$(targets_in_round "$round")"
  for clients in $CLIENTS; do
    for workload in "select-only simple -S" "select-only extended -S" "select-only prepared -S" "tpcb-like simple"; do
      read -r name mode script <<< "$workload"
      [[ "$WORKLOADS" == *" $name "* || "$WORKLOADS" == *" $name/$mode "* ]] || continue
      for target in "${order[@]}"; do
        [ "$name" = tpcb-like ] && vacuum_before pgbench_branches,pgbench_tellers,pgbench_accounts pgbench_history
        # shellcheck disable=SC2086 # $script is empty or one pgbench option
        measure "$round" "$target" "$name" "$mode" "$clients" $script
      done
    done
  done
done

# --- managed-column workload (through Phasegate only) ----------------------------------------
cat > "$WORK/managed.sql" <<'SQL'
\set id random(1, 100000)
SELECT id, email, email_lower FROM bench_users WHERE id = :id;
UPDATE bench_users SET email = 'User' || :id || '@Example.com' WHERE id = :id;
SQL
sed 's/bench_users/bench_plain/g' "$WORK/managed.sql" > "$WORK/plain.sql"
flip() {
  curl -sf -X POST -H 'Authorization: Bearer bench-token' -H 'Content-Type: application/json' \
    -d "{\"phase\":\"$1\",\"reason\":\"benchmark\",\"force\":true}" \
    "http://127.0.0.1:$ADMIN_PORT/api/v1/columns/public.bench_users.email_lower/phase" >/dev/null \
    || log "could not flip to $1 (admin API unavailable?)"
}
# An unrecorded run first: the gateway's rewriting path is compiled by the JIT like any other code,
# and a long-running gateway is measured warm. The compiler threads share the two cores and count in
# the gateway's CPU: with 5 s of warm-up the managed runs' CPU per transaction still fell from 108 to
# 44 µs over the three rounds (2026-11-26, 13:26), so the managed script gets a longer warm-up.
MANAGED_WARMUP="${BENCH_MANAGED_WARMUP:-30}"
MANAGED_ROUNDS="${BENCH_MANAGED_ROUNDS:-5}"
warm_up() {
  "$PGBENCH" -h 127.0.0.1 -p "$GATE_PORT" -U postgres -n -M "$1" -c 8 -j 2 -T "$3" -f "$2" bench >/dev/null 2>&1 || true
}
part managed && for phase in ${BENCH_MANAGED_PHASES:-write shadow}; do
  flip "$phase"
  for mode in ${BENCH_MANAGED_MODES:-prepared simple}; do
    warm_up "$mode" "$WORK/managed.sql" "$MANAGED_WARMUP"
    warm_up "$mode" "$WORK/plain.sql" "$WARMUP"
    for round in $(seq 1 "$MANAGED_ROUNDS"); do
      # Alternate which table goes first so neither always runs on a warmer machine; the report
      # takes each round's ratio (the two runs are adjacent) and keeps the median.
      if (( round % 2 )); then tables=(plain managed); else tables=(managed plain); fi
      for table in "${tables[@]}"; do
        if [ "$table" = plain ]; then vacuum_before bench_plain; else vacuum_before bench_users; fi
        measure "$round" phasegate "$table-$phase" "$mode" 8 -f "$WORK/$table.sql"
      done
    done
  done
done

# --- streaming a large result -----------------------------------------------------------------
STREAM_SQL="COPY (SELECT g, repeat('x', 1000) FROM generate_series(1, $((STREAM_MB * 1024))) g) TO STDOUT"
peak_rss_kb() { awk '/VmHWM/{print $2}' "/proc/$GATE_PID/status" 2>/dev/null || echo 0; }
# One unrecorded stream per target first (the relay's streaming path warmed up, as every pgbench
# workload is), then five rounds, order rotated as for pgbench, each round's ratio to direct kept:
# a stream of 1 GB lasts about 4 s, and single rounds on this host read from 0.81 to 1.08 of direct.
STREAM_ROUNDS="${BENCH_STREAM_ROUNDS:-5}"
# The warm-up stream also counts each target's bytes; the timed streams go straight to /dev/null.
# Counting them with `| wc -c` put a fourth busy process on the two cores during the timed window
# (the client, its byte counter, PostgreSQL and the proxy) and cost each proxy more than direct
# (docs/benchmarks.md, tenth session).
declare -A STREAM_BYTES
if part stream; then
  log "warming up the streaming path (one unrecorded stream per target, counting its bytes)"
  for target in "${TARGETS[@]}"; do
    STREAM_BYTES[$target]=$("$PSQL" -X -q -h 127.0.0.1 -p "$(port_of "$target")" -U postgres -d bench \
      -c "$STREAM_SQL" | wc -c) || true
  done
fi
part stream && for round in $(seq 1 "$STREAM_ROUNDS"); do
  for target in $(targets_in_round "$round"); do
    port=$(port_of "$target")
    bytes=${STREAM_BYTES[$target]:-0}
    if [ "$bytes" -lt 1024 ]; then log "no stream via $target (its warm-up stream failed)"; continue; fi
    start=$(date +%s.%N)
    if ! "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d bench -c "$STREAM_SQL" > /dev/null; then
      log "round $round stream via $target failed"; continue
    fi
    end=$(date +%s.%N)
    mbps=$(python3 -c "print(f'{$bytes/1048576/($end-$start):.1f}')")
    printf '%s\t%s\tstream\tcopy\t1\t%s\t%s\t-\n' "$round" "$target" "$mbps" "$bytes" >> "$RESULTS"
    log "round $round stream via $target: $bytes bytes, $mbps MB/s"
  done
done
STREAM_RSS_KB=$(peak_rss_kb)

# --- idle-connection cost ---------------------------------------------------------------------
rss_kb() { awk '/VmRSS/{print $2}' "/proc/$GATE_PID/status" 2>/dev/null || echo 0; }
part idle || IDLE_SESSIONS=0
if ! kill -0 "$GATE_PID" 2>/dev/null; then
  log "Phasegate is not running (see its log below); skipping the idle-connection measurement"
  tail -20 "$WORK/phasegate.log" >&2 || true
  IDLE_SESSIONS=0
fi
# RSS alone hides per-session objects in a heap that is already committed (-Xms), so also count
# the live heap after a full GC and the direct memory of Netty's buffer allocator.
live_kb() {
  jcmd "$GATE_PID" GC.run >/dev/null 2>&1 || true
  local heap direct
  heap=$(jcmd "$GATE_PID" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|total.*used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?/, "", v); print v; exit } }')
  direct=$(curl -sf "http://127.0.0.1:$ADMIN_PORT/metrics" | awk '/^phasegate_netty_allocator_memory_used_bytes\{allocator="gateway",memory="direct"\}/ { printf "%d", $2 / 1024 }')
  echo "${heap:-0} ${direct:-0}"
}
sleep 2
IDLE0_KB=$(rss_kb)
read -r IDLE0_HEAP_KB IDLE0_DIRECT_KB <<< "$(live_kb)"
cat > "$WORK/idle.py" <<'PY'
import socket, struct, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = []
def startup(s):
    params = b"user\0postgres\0database\0bench\0\0"
    s.sendall(struct.pack("!ii", 8 + len(params), 196608) + params)
    buf = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            raise SystemExit("closed during startup")
        buf += chunk
        # Stop at ReadyForQuery ('Z' with length 5).
        if b"Z\x00\x00\x00\x05" in buf:
            return
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    startup(s)
    socks.append(s)
print("open", len(socks), flush=True)
time.sleep(600)
PY
if [ "$IDLE_SESSIONS" -gt 0 ]; then
  python3 "$WORK/idle.py" "$GATE_PORT" "$IDLE_SESSIONS" > "$WORK/idle.out" 2>&1 &
  IDLE_PID=$!
fi
for _ in $(seq 1 300); do [ "$IDLE_SESSIONS" -eq 0 ] && break; grep -q '^open' "$WORK/idle.out" 2>/dev/null && break; sleep 1; done
sleep 3
IDLEN_KB=$(rss_kb)
read -r IDLEN_HEAP_KB IDLEN_DIRECT_KB <<< "$(live_kb)"
[ -n "${IDLE_PID:-}" ] && kill "$IDLE_PID" 2>/dev/null || true
log "gateway RSS: ${IDLE0_KB} kB idle, ${IDLEN_KB} kB with $IDLE_SESSIONS idle sessions ($(tail -1 "$WORK/idle.out" 2>/dev/null)); live heap ${IDLE0_HEAP_KB} -> ${IDLEN_HEAP_KB} kB, Netty direct ${IDLE0_DIRECT_KB} -> ${IDLEN_DIRECT_KB} kB"

# --- report -----------------------------------------------------------------------------------
# The raw per-round figures, for anyone who wants to recompute (BENCH_RESULTS=file).
[ -n "${BENCH_RESULTS:-}" ] && cp "$RESULTS" "$BENCH_RESULTS"
# The command as run: with the BENCH_* settings that change what is measured, not where it goes.
bench_command() {
  local settings
  settings=$(env | grep -E '^BENCH_' | grep -vE '^BENCH_(OUT|RESULTS|COMMAND)=' | sort | tr '\n' ' ')
  echo "${settings}bench/run.sh"
}
python3 "$ROOT/bench/report.py" "$RESULTS" "$OUT" \
  --duration "$DURATION" --rounds "$ROUNDS" --scale "$SCALE" \
  --stream-rss-kb "${STREAM_RSS_KB:-0}" --idle0-kb "${IDLE0_KB:-0}" --idlen-kb "${IDLEN_KB:-0}" \
  --idle-sessions "$IDLE_SESSIONS" --idle0-heap-kb "${IDLE0_HEAP_KB:-0}" --idlen-heap-kb "${IDLEN_HEAP_KB:-0}" \
  --idle0-direct-kb "${IDLE0_DIRECT_KB:-0}" --idlen-direct-kb "${IDLEN_DIRECT_KB:-0}" --pg-version "$("$PG_BIN/postgres" --version)" \
  --pgbouncer-version "$(pgbouncer --version 2>/dev/null | head -1)" \
  --java-version "$(java -version 2>&1 | head -1)" \
  --phasegate "Phasegate $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') ($(grep -o '[a-z_]* transport, [0-9]* I/O threads' "$WORK/phasegate.log" | head -1))" \
  --command "${BENCH_COMMAND:-$(bench_command)}" --load "$LOAD_AT_START" --warmup "$WARMUP" \
  --proxy-cpus "$PROXY_CPUS" --load-cpus "${LOAD_CPUS:-}"
log "results written to $OUT"
exit
}
