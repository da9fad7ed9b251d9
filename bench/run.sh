#!/usr/bin/env bash
# Hammer's delivery rate against a local nginx, beside wrk against the same nginx in the same run,
# then over FIX 4.4 to the embedded Anvil's acceptor. Prints each figure and its ratio to wrk;
# checks nginx's request count against Hammer's HTTP deliveries. Figures on a shared 2-core box are
# noisy: read the ratios, not the absolute rates.
#
#   bench/run.sh                 # 200,000 orders per Hammer run, 10 s of wrk, then a paced minute
#   ORDERS=500000 bench/run.sh
#   QUEUES="kafka pulsar" bench/run.sh   # the Hammer stages once per queue, figures side by side
#   bench/run.sh --hammer.consumer.handoff-wait=0s   # engine settings for the Hammer runs
set -euo pipefail
ORDERS=${ORDERS:-200000}
QUEUES=${QUEUES:-kafka}
PORT=${PORT:-18080}
WRK_SECONDS=${WRK_SECONDS:-10}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
cd "$(dirname "$0")/.."

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  echo "Installing nginx and wrk (apt) ..."
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq nginx-light wrk >/dev/null
fi
[ -f local/target/hammer.jar ] || ./mvnw -q -DskipTests package
# The Pulsar broker's classpath (a separate JVM; io.hammer.engine.local.PulsarBroker).
case " $QUEUES " in *" pulsar "*)
  [ -f pulsar-standalone/target/pulsar-classpath.txt ] || ./mvnw -q -f pulsar-standalone/pom.xml generate-resources ;;
esac

work=$(mktemp -d)
sed -e "s#__DIR__#$work#g" -e "s#__PORT__#$PORT#g" bench/nginx.conf > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null -X POST "http://127.0.0.1:$PORT/orders" && break
  sleep 0.1
done

echo "== wrk: 1 thread, $WRK_CONNECTIONS connections, ${WRK_SECONDS}s, POST /orders"
wrk_rate=$(wrk -t1 -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" -s bench/post.lua "http://127.0.0.1:$PORT/orders" \
  | awk '/Requests\/sec/ {print int($2)}')
echo "wrk_rate=$wrk_rate"

: > "$work/access.log"
status=0
for queue in $QUEUES; do
  echo "== Hammer over $queue: $ORDERS orders, delivery from a preloaded topic, then end to end"
  java -Xmx4g -jar local/target/hammer.jar bench "$ORDERS" "http://127.0.0.1:$PORT" "--hammer.queue=$queue" "$@" \
    | tee "$work/hammer-$queue.out" | grep -E '^(delivery|e2e|fix)_[a-z_]+=' || true
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
done
get() { awk -F= -v k="$2" '$1 == k {print $2}' "$work/hammer-$1.out"; }
delivered=0
for queue in $QUEUES; do
  delivered=$(( delivered + $(get "$queue" delivery_delivered) + $(get "$queue" e2e_delivered) + $(get "$queue" paced_delivered) ))
done
nginx_count=$(wc -l < "$work/access.log")
ratio() { awk -v a="$1" -v b="$wrk_rate" 'BEGIN {printf "%.2f", a / b}'; }

echo
echo "== Summary (this machine: $(nproc) cores)"
printf '%-44s %12s %8s\n' "figure" "orders/s" "x wrk"
printf '%-44s %12s %8s\n' "wrk -> nginx" "$wrk_rate" "1.00"
for queue in $QUEUES; do
  for stage in delivery e2e; do
    rate=$(get "$queue" ${stage}_rate)
    printf '%-44s %12s %8s\n' "hammer $stage over $queue -> nginx" "$rate" "$(ratio "$rate")"
  done
  rate=$(get "$queue" fix_rate)
  printf '%-44s %12s %8s\n' "hammer delivery over $queue -> anvil (FIX)" "$rate" "$(ratio "$rate")"
done
for queue in $QUEUES; do
  echo
  echo "-- over $queue"
  echo "latency, HTTP delivery (ms): $(get "$queue" delivery_latency_ms)"
  echo "latency, FIX delivery (ms):  $(get "$queue" fix_latency_ms)"
  echo "Redis memory per run (MB above the idle server: peak while it ran / kept once done): e2e $(get "$queue" e2e_redis_peak_mb) / $(get "$queue" e2e_redis_kept_mb), paced $(get "$queue" paced_redis_peak_mb) / $(get "$queue" paced_redis_kept_mb)"
  echo "Paced at half the end-to-end rate for 60 s: achieved/asked per 10 s window; latency = send delay (Hammer) + service time (target)"
  grep -E '^paced_(asked|window|worst|latency|service_time|send_delay|generator_bound)' "$work/hammer-$queue.out" | sed 's/^paced_/  /'
done
echo "nginx requests: $nginx_count, Hammer delivered: $delivered"
if [ "$nginx_count" -ne "$delivered" ]; then
  echo "MISMATCH: nginx counted $nginx_count requests, Hammer delivered $delivered" >&2
  exit 1
fi
exit "$status"
