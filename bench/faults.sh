#!/usr/bin/env bash
# The fault drill of issue 12, on separate processes: a standalone Kafka KRaft broker (Maven's
# kafka_2.13 artifacts), redis-server, nginx as the target, and the engine jar once per role (one
# generator+producer engine with the run API, two or three consumer engines). Each scenario is a fresh
# run on a fresh fleet, paced at RATE orders/s; the fault comes FAULT_AT seconds after the run starts.
# Per scenario it prints the rate at the target per second (from nginx's log), the worst 1 s windows,
# the time from the fault to resumed delivery, latency and send delay as Hammer reports them, lost
# orders, duplicates at the target against those Hammer counted, and PASS/MISS per goal of the issue.
#
#   bench/faults.sh                       # every scenario (a few minutes each, mostly the engines starting)
#   bench/faults.sh kill broker           # some of: kill scale-up scale-down broker redis steady
#   bench/faults.sh --kafka-version 3.9.1 steady
#
# Exit code: 0 when every goal passed, 1 when one was missed, 2 when the drill itself failed.
# Everything listens on 127.0.0.1, on ports 19xxx; every process it starts is killed on exit.
set -euo pipefail

RATE=${RATE:-4000}                  # orders/s asked in the fault scenarios
STEADY_RATE=${STEADY_RATE:-5000}    # orders/s asked in the steady scenario
RUN_SECONDS=${RUN_SECONDS:-60}      # the run's length on its schedule
FAULT_AT=${FAULT_AT:-20}            # seconds after the run starts
DOWN_SECONDS=${DOWN_SECONDS:-5}     # how long the broker or Redis stays down
CATCH_UP_FACTOR=${CATCH_UP_FACTOR:-2}   # the catch-up policy the broker scenario is judged against
KAFKA_VERSION=${KAFKA_VERSION:-4.3.1}
ENGINE_HEAP=${ENGINE_HEAP:-1g}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-300}   # seconds for an engine to come up (about 20 s on a quiet box)
BROKER_PORT=19092 CONTROLLER_PORT=19093 REDIS_PORT=19379 NGINX_PORT=19081 ANSWER_PORT=19082
CONSOLE_PORT=19080 CONSUMER_PORTS=(19084 19085 19086)
ALL_SCENARIOS=(steady kill scale-up scale-down broker redis)

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kafka-version) KAFKA_VERSION=${2:?--kafka-version needs a version, e.g. 4.3.1 or 3.9.1}; shift 2 ;;
    all) scenarios+=("${ALL_SCENARIOS[@]}"); shift ;;
    steady|kill|scale-up|scale-down|broker|redis) scenarios+=("$1"); shift ;;
    -h|--help) usage ;;
    *) echo "unknown scenario or option: $1 (expected all, ${ALL_SCENARIOS[*]}, --kafka-version V)" >&2; exit 2 ;;
  esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=("${ALL_SCENARIOS[@]}")

cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/bench/target/faults
KAFKA_LIBS=${KAFKA_LIBS:-$HOME/.cache/hammer-bench/kafka-$KAFKA_VERSION}
JAR=$ROOT/ops-console/target/hammer-engine.jar  # the engine as it runs in a cluster: no embedded infrastructure
export HAMMER_PASSWORD=${HAMMER_PASSWORD:-drill-$RANDOM$RANDOM}
export HAMMER_VIEWER_PASSWORD=${HAMMER_VIEWER_PASSWORD:-viewer-$RANDOM$RANDOM}
API=http://127.0.0.1:$CONSOLE_PORT/api/runs

fail() { echo "faults.sh: $*" >&2; exit 2; }
now_ms() { date +%s%3N; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# ---- prerequisites ---------------------------------------------------------------------------
for tool in java curl python3; do
  command -v "$tool" >/dev/null || fail "$tool is needed"
done
if ! command -v nginx >/dev/null || ! command -v redis-server >/dev/null; then
  log "installing nginx-light and redis-server (apt) ..."
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq nginx-light redis-server >/dev/null
fi
if [ ! -f "$JAR" ]; then
  log "building the engine jar ..."
  ./mvnw -B -ntp -q -DskipTests package || fail "the build failed"
fi
if ! ls "$KAFKA_LIBS"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1; then
  log "copying Kafka $KAFKA_VERSION (kafka_2.13 and its dependencies) into $KAFKA_LIBS ..."
  rm -rf "$KAFKA_LIBS"
  ./mvnw -B -ntp -q -f bench/kafka/pom.xml -Dkafka.version="$KAFKA_VERSION" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS" || fail "could not resolve kafka_2.13 $KAFKA_VERSION"
fi

# ---- processes: each in its own process group, all killed on exit ----------------------------
declare -A PIDS=()
start() {   # start NAME LOGFILE COMMAND...
  local name=$1 logfile=$2; shift 2
  setsid "$@" >"$logfile" 2>&1 < /dev/null &
  PIDS[$name]=$!
  disown   # no "Killed" notices from bash when the drill kills it
}
alive() {   # running, not a zombie waiting to be reaped
  [ -n "${PIDS[$1]:-}" ] && ps -o stat= -p "${PIDS[$1]}" 2>/dev/null | grep -qv '^Z'
}
signal() {  # signal NAME SIG: the whole process group (nginx's workers, a shell's children)
  [ -n "${PIDS[$1]:-}" ] && kill -"$2" -- -"${PIDS[$1]}" 2>/dev/null || true
}
stop() {    # stop NAME [SIG]: signal, wait up to 30 s, then kill
  local name=$1 sig=${2:-KILL}
  alive "$name" || { unset "PIDS[$name]"; return 0; }
  signal "$name" "$sig"
  for _ in $(seq 300); do alive "$name" || break; sleep 0.1; done
  signal "$name" KILL
  unset "PIDS[$name]"
}
stop_all() { local name; for name in "${!PIDS[@]}"; do stop "$name" KILL; done; }
trap 'stop_all' EXIT
trap 'echo "interrupted" >&2; exit 2' INT TERM

wait_for() {  # wait_for WHAT SECONDS LOGFILE COMMAND...: poll until COMMAND succeeds
  local what=$1 seconds=$2 logfile=$3; shift 3
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "faults.sh: $what not ready after ${seconds}s; last lines of $logfile:" >&2
      tail -n 20 "$logfile" >&2 || true
      exit 2
    fi
    sleep 0.2
  done
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
engine_up() { curl -sf "http://127.0.0.1:$1/actuator/health" | grep -q '"status":"UP"'; }
broker_up() { grep -q 'Kafka Server started' "$1"; }
api() { curl -sf -u "hammer:$HAMMER_PASSWORD" -H 'Content-Type: application/json' "$@"; }

# ---- the fleet -------------------------------------------------------------------------------
start_broker() {  # start_broker LOGFILE: formats the data dir on first start
  local logfile=$1 cp="$KAFKA_LIBS/*"
  if [ ! -f "$SC/kafka/server.properties" ]; then
    mkdir -p "$SC/kafka"
    sed -e "s#__DIR__#$SC/kafka/data#" -e "s#__PORT__#$BROKER_PORT#g" -e "s#__CONTROLLER_PORT__#$CONTROLLER_PORT#g" \
      bench/faults/server.properties > "$SC/kafka/server.properties"
    java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null)" \
      -c "$SC/kafka/server.properties" > "$SC/kafka/format.log" 2>&1 || { tail "$SC/kafka/format.log" >&2; fail "formatting the broker's storage failed"; }
  fi
  start broker "$logfile" java -Xms512m -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info -Dorg.slf4j.simpleLogger.showDateTime=true \
    -cp "$cp" kafka.Kafka "$SC/kafka/server.properties"
}

start_redis() {  # start_redis LOGFILE
  mkdir -p "$SC/redis"
  # Append-only, as k8s/base/redis runs it: a restarted Redis keeps the runs' state.
  start redis "$1" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$SC/redis" \
    --appendonly yes --save "" --daemonize no
}

start_engine() {  # start_engine NAME PORT ROLE-FLAGS...
  local name=$1 port=$2; shift 2
  mkdir -p "$SC/$name"
  # Each engine in its own directory (reports, hammer-data) and with its own host name (its worker id).
  start "$name" "$SC/$name.log" env HOSTNAME="$name" bash -c 'cd "$1" && shift && exec "$@"' _ "$SC/$name" \
    java -Xms256m -Xmx"$ENGINE_HEAP" -jar "$JAR" \
    --server.address=127.0.0.1 --server.port="$port" \
    --hammer.kafka.brokers=127.0.0.1:$BROKER_PORT \
    --spring.data.redis.host=127.0.0.1 --spring.data.redis.port=$REDIS_PORT \
    --hammer.target.url=http://127.0.0.1:$NGINX_PORT \
    --hammer.runs.reports-dir="$SC/$name/reports" --hammer.instance.id="$name" \
    "$@"
}
start_console() {
  start_engine console "$CONSOLE_PORT" --hammer.role.generator=true --hammer.role.producer=true --hammer.role.consumer=false
}
start_consumer() {  # start_consumer N (1-based)
  start_engine "consumer$1" "${CONSUMER_PORTS[$(( $1 - 1 ))]}" \
    --hammer.role.generator=false --hammer.role.producer=false --hammer.role.consumer=true
}
live_consumers() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" zcount hammer:workers:consumer "$(now_ms)" +inf 2>/dev/null || echo 0
}

start_fleet() {  # start_fleet CONSUMERS
  local consumers=$1 i
  start_broker "$SC/broker-1.log"
  start_redis "$SC/redis-1.log"
  sed -e "s#__DIR__#$SC/nginx#g" -e "s#__PORT__#$NGINX_PORT#g" -e "s#__ANSWER_PORT__#$ANSWER_PORT#g" \
    bench/faults/nginx.conf > "$SC/nginx.conf"
  mkdir -p "$SC/nginx"
  start nginx "$SC/nginx.log" nginx -c "$SC/nginx.conf" -p "$SC/nginx"
  wait_for "redis-server" 30 "$SC/redis-1.log" redis_up
  wait_for "nginx" 30 "$SC/nginx/nginx-error.log" curl -sf -o /dev/null -X POST -d '{}' "http://127.0.0.1:$NGINX_PORT/orders"
  wait_for "the Kafka broker" 120 "$SC/broker-1.log" broker_up "$SC/broker-1.log"
  start_console
  for i in $(seq "$consumers"); do start_consumer "$i"; done
  wait_for "the console engine" "$STARTUP_TIMEOUT" "$SC/console.log" engine_up "$CONSOLE_PORT"
  for i in $(seq "$consumers"); do
    wait_for "consumer engine $i" "$STARTUP_TIMEOUT" "$SC/consumer$i.log" engine_up "${CONSUMER_PORTS[$(( i - 1 ))]}"
  done
  # The consumers' Redis heartbeats (the rate split). A fleet change may rename the key: warn, go on.
  local deadline=$(( $(date +%s) + 30 ))
  until [ "$(live_consumers)" -ge "$consumers" ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "warning: $(live_consumers) consumer heartbeats in Redis, expected $consumers"; break
    fi
    sleep 0.5
  done
  sleep 3   # let the group settle its first assignment
}

# ---- one scenario ----------------------------------------------------------------------------
run_scenario() {
  local scenario=$1 rate=$RATE consumers=2
  [ "$scenario" = steady ] && rate=$STEADY_RATE
  [ "$scenario" = scale-down ] && consumers=3
  SC=$WORK/$scenario
  rm -rf "$SC"; mkdir -p "$SC"
  local events=$SC/events
  : > "$events"
  echo
  echo "=== $scenario: $consumers consumers, $rate orders/s for ${RUN_SECONDS}s$([ "$scenario" = steady ] || echo ", fault at +${FAULT_AT}s") (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  log "starting broker (Kafka $KAFKA_VERSION), redis-server, nginx, 1 console + $consumers consumer engines ..."
  local t=$SECONDS
  start_fleet "$consumers"
  log "fleet up in $(( SECONDS - t ))s"

  local run_id orders=$(( rate * RUN_SECONDS ))
  run_id="drill-$scenario-$(date +%H%M%S)"
  api -o "$SC/start.json" -X POST "$API" \
    -d "{\"runId\":\"$run_id\",\"orders\":$orders,\"seed\":12,\"rate\":[{\"type\":\"constant\",\"perSecond\":$rate}]}" \
    || fail "the run API refused the run (see $SC/console.log)"
  local posted; posted=$(now_ms)
  echo "posted $posted" >> "$events"
  log "run $run_id: $orders orders at $rate/s"

  # The schedule starts when the run's first order reaches the target (after loading into Redis);
  # the fault and the time limit count from there.
  local phase=loading first=0 deadline=$(( posted + 120000 )) next_poll=0 state=? elapsed=0 back_at=0 last_print=-10
  while :; do
    local t_ms; t_ms=$(now_ms)
    if [ "$phase" = loading ] && grep -q -m1 " $run_id-" "$SC/nginx/access.log" 2>/dev/null; then
      first=$t_ms; phase=waiting; deadline=$(( first + (RUN_SECONDS + 60) * 1000 ))
      echo "first $first" >> "$events"
      log "first order at the target $(( (first - posted) / 1000 ))s after the run was posted"
    fi
    [ "$first" -gt 0 ] && elapsed=$(( (t_ms - first) / 1000 ))
    if [ "$scenario" != steady ] && [ "$phase" = waiting ] && [ "$elapsed" -ge "$FAULT_AT" ]; then
      echo "fault $t_ms" >> "$events"
      case "$scenario" in
        kill)       log "fault: kill -9 consumer1"; signal consumer1 KILL; phase=done ;;
        scale-up)   log "fault: starting consumer3"; start_consumer 3; phase=joining ;;
        scale-down) log "fault: SIGTERM to consumer1"; signal consumer1 TERM; phase=leaving ;;
        broker)     log "fault: kill -9 the broker, back in ${DOWN_SECONDS}s"; stop broker KILL
                    back_at=$(( t_ms + DOWN_SECONDS * 1000 )); phase=down ;;
        redis)      log "fault: SIGTERM to redis-server, back in ${DOWN_SECONDS}s"; stop redis TERM
                    back_at=$(( t_ms + DOWN_SECONDS * 1000 )); phase=down ;;
      esac
    fi
    case "$phase" in
      joining) if engine_up "${CONSUMER_PORTS[2]}"; then echo "back $(now_ms)" >> "$events"; log "consumer3 is up"; phase=done; fi ;;
      leaving) if ! alive consumer1; then echo "back $(now_ms)" >> "$events"; log "consumer1 has exited"; phase=done; fi ;;
      down) if [ "$t_ms" -ge "$back_at" ]; then
              if [ "$scenario" = broker ]; then start_broker "$SC/broker-2.log"; else start_redis "$SC/redis-2.log"; fi
              phase=restarting
            fi ;;
      restarting)
        if { [ "$scenario" = broker ] && broker_up "$SC/broker-2.log"; } || { [ "$scenario" = redis ] && redis_up; }; then
          echo "back $(now_ms)" >> "$events"; log "$scenario is back"; phase=done
        fi ;;
    esac
    if [ "$t_ms" -ge "$next_poll" ]; then
      next_poll=$(( t_ms + 1000 ))
      if api -o "$SC/run.json" "$API/$run_id" 2>/dev/null; then
        state=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["state"])' "$SC/run.json")
        if [ $(( elapsed - last_print )) -ge 10 ]; then
          last_print=$elapsed
          log "+${elapsed}s $state $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("delivered", r["delivered"], "of", r["generated"])' "$SC/run.json")"
        fi
        case "$state" in DONE|ABORTED|FAILED) [ "$phase" = done ] || [ "$scenario" = steady ] && break ;; esac
      fi
    fi
    if [ "$t_ms" -ge "$deadline" ]; then
      if [ "$phase" = loading ]; then log "no order reached the target within 120s of the run's start"
      else log "the run is not done $(( RUN_SECONDS + 60 ))s after its first order: judging it as it is"; fi
      break
    fi
    sleep 0.2
  done
  echo "done $(now_ms)" >> "$events"
  sleep 1
  api -o "$SC/run.json" "$API/$run_id" || fail "could not read run $run_id"
  stop_all
  python3 bench/faults/analyse.py --scenario "$scenario" --rate "$rate" --log "$SC/nginx/access.log" \
    --run "$SC/run.json" --events "$events" --results "$WORK/results.tsv" --catch-up-factor "$CATCH_UP_FACTOR" \
    | sed 's/^/  /' || { local rc=$?; [ "$rc" -eq 1 ] || fail "analysing $scenario failed ($rc)"; missed=1; }
  # pipefail: the analyser's exit code comes through sed
}

mkdir -p "$WORK"
: > "$WORK/results.tsv"
missed=0
echo "Fault drill: Kafka $KAFKA_VERSION, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); logs in $WORK"
if awk -v cores="$(nproc)" '{ exit !($1 > 2 * cores) }' /proc/loadavg; then
  echo "warning: the machine is busy (load above twice its cores): the fleet may not keep the asked rate and" \
       "the figures will say more about the machine than about Hammer; rerun on a quiet machine"
fi
for scenario in "${scenarios[@]}"; do
  run_scenario "$scenario"
done

echo
echo "=== Summary (load at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
{
  printf 'scenario\tasked/s\tlowest 1s\thighest 1s\tfault->resumed s\tp99\tp99.9\tmax send delay\tlost\tdup target/counted\tgoals\n'
  cat "$WORK/results.tsv"
} | column -t -s $'\t'
exit "$missed"
