#!/usr/bin/env bash
# Checks a deployed Hammer (namespace hammer, current kubectl context) and prints a verdict:
# Kafka and its topics, Redis, the engine's Deployments, Anvil, then a one-order run end to end.
# Exit code 0 only when every check passes.
#   deploy/health.sh [--no-smoke]
set -uo pipefail
ns=hammer smoke=1
[ "${1:-}" = "--no-smoke" ] && smoke=0
failed=0
pass() { printf '  PASS  %s\n' "$1"; }
failc() { printf '  FAIL  %s\n' "$1"; failed=$((failed + 1)); }
k() { kubectl -n "$ns" "$@"; }

echo "Hammer in namespace $ns ($(kubectl config current-context 2>/dev/null || echo 'no context'))"

# Kafka (Strimzi): the cluster and each topic are Ready.
if [ "$(k get kafka hammer -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]; then
  pass "Kafka cluster hammer is ready"
else
  failc "Kafka cluster hammer is not ready (kubectl -n $ns describe kafka hammer)"
fi
for topic in messages dead-letter metrics; do
  ready=$(k get kafkatopic "$topic" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)
  partitions=$(k get kafkatopic "$topic" -o jsonpath='{.spec.partitions}' 2>/dev/null)
  if [ "$ready" = True ]; then pass "topic $topic ready, $partitions partitions"; else failc "topic $topic is not ready"; fi
done

# Redis answers an authenticated PING (redis-cli reads REDISCLI_AUTH in the pod).
if [ "$(k exec statefulset/redis -c redis -- redis-cli ping 2>/dev/null | tr -d '\r')" = PONG ]; then
  pass "Redis answers PING with AUTH"
else
  failc "Redis does not answer (kubectl -n $ns logs statefulset/redis)"
fi

# Every Deployment has all its replicas ready.
for d in producer consumer console anvil; do
  want=$(k get deployment "$d" -o jsonpath='{.spec.replicas}' 2>/dev/null)
  have=$(k get deployment "$d" -o jsonpath='{.status.readyReplicas}' 2>/dev/null)
  if [ -n "$want" ] && [ "$want" -gt 0 ] && [ "${have:-0}" = "$want" ]; then
    pass "deployment $d: $have/$want ready"
  else
    failc "deployment $d: ${have:-0}/${want:-?} ready"
  fi
done

# Anvil's health through the API server's service proxy (no port-forward needed).
if k get --raw "/api/v1/namespaces/$ns/services/anvil:management/proxy/actuator/health" 2>/dev/null | grep -q '"UP"'; then
  pass "Anvil health UP"
else
  failc "Anvil health is not UP"
fi

# One order end to end: the console's run API through a port-forward.
if [ "$smoke" = 1 ]; then
  secret=$(k get deployment console -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name=="HAMMER_PASSWORD")].valueFrom.secretKeyRef.name}' 2>/dev/null)
  password=$(k get secret "${secret:-hammer-credentials}" -o jsonpath='{.data.hammer-password}' 2>/dev/null | base64 -d 2>/dev/null)
  port=$((20000 + RANDOM % 20000))
  k port-forward service/console "$port:8080" >/dev/null 2>&1 &
  forward=$!
  trap 'kill $forward 2>/dev/null' EXIT
  for _ in $(seq 1 20); do curl -s -o /dev/null "localhost:$port/actuator/health" && break; sleep 0.5; done
  run="smoke-$(date +%s)"
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "hammer:$password" -H 'Content-Type: application/json' \
    "localhost:$port/api/runs" -d "{\"runId\":\"$run\",\"orders\":1,\"seed\":1}")
  if [ "$code" != 202 ]; then
    failc "smoke run: POST /api/runs answered $code"
  else
    summary=""
    for _ in $(seq 1 60); do
      summary=$(curl -s -u "hammer:$password" "localhost:$port/api/runs/$run")
      case "$summary" in *'"state":"DONE"'*|*'"state":"FAILED"'*) break ;; esac
      sleep 2
    done
    case "$summary" in
      *'"state":"DONE"'*'"delivered":1,'*'"problems":[]'*) pass "smoke run $run: 1 order generated, produced, delivered; accounting holds" ;;
      *) failc "smoke run $run did not finish clean in 120 s: $summary" ;;
    esac
  fi
fi

if [ "$failed" = 0 ]; then
  echo "VERDICT: HEALTHY"
else
  echo "VERDICT: NOT HEALTHY ($failed check(s) failed)"
  exit 1
fi
