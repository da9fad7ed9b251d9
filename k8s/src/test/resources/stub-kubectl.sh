#!/usr/bin/env bash
# A kubectl for deploy/deploy.sh's tests: `kustomize` runs the real kubectl ($REAL_KUBECTL), every
# other call answers from the cluster described in $STUB_STATE and is logged to $STUB_STATE/calls.
#   existing    Deployments that exist before the apply, one `deployment.apps/NAME` a line
#   hashed      ConfigMaps and Secrets labelled hammer.io/hashed=true in the cluster, one a line
#   fail        the object whose wait fails (e.g. deployment/consumer), if any
#   strimzi     the kafka.strimzi.io versions the Kafka CRD serves (v1 when absent)
set -uo pipefail
state=$STUB_STATE
echo "$*" >> "$state/calls"
args=("$@")
[ "${args[0]:-}" = -n ] && args=("${args[@]:2}")
case "${args[0]:-}" in
  kustomize) exec "$REAL_KUBECTL" "${args[@]}" ;;
  version) exit 0 ;;
  config) echo stub-context ;;
  apply)
    file=${args[2]}
    cp "$file" "$state/applied.yaml"
    # kubectl apply -o name: kind/name of each object, as the real one prints it.
    awk '/^kind: /{kind=tolower($2)} /^metadata:/{meta=1; next} /^[a-z]/{meta=0} meta && /^  name: /{print kind "/" $2}' "$file" \
      | sed -E 's#^(deployment|statefulset)/#\1.apps/#'
    ;;
  get)
    what=${args[1]:-}
    case "$*" in
      *"-o jsonpath={.metadata.annotations.hammer\.io/first-replicas}"*)
        awk -v want="${what#deployment.apps/}" '
          /^kind: /{kind=$2} /^  annotations:/{ann=1; next} /^  [a-z]/{ann=0}
          kind=="Deployment" && ann && /hammer.io\/first-replicas/{gsub(/"/, "", $2); first=$2}
          kind=="Deployment" && /^  name: /{if ($2 == want) print first; first=""}
          /^---/{first=""; ann=0}' "$state/applied.yaml" ;;
      *"get crd kafkas.kafka.strimzi.io -o jsonpath"*) cat "$state/strimzi" 2>/dev/null || echo v1 ;;
      *"get deployments -o name"*) cat "$state/existing" ;;
      *"hammer.io/hashed=true"*) cat "$state/hashed" ;;
      *"get pods"*) echo "consumer-7d9f-abcde " ;;
      *"get events"*) echo "LAST SEEN   TYPE      REASON    OBJECT             MESSAGE"
                      echo "10s         Warning   BackOff   pod/consumer-7d9f-abcde   Back-off restarting failed container" ;;
      *"go-template"*) echo "app.kubernetes.io/component=stub,app.kubernetes.io/name=hammer," ;;
      *) exit 0 ;;
    esac
    ;;
  wait|rollout)
    target=${args[1]}
    [ "$target" = status ] && target=${args[2]}
    if [ -f "$state/fail" ] && [ "$target" = "$(cat "$state/fail")" ]; then
      echo "error: timed out waiting for the condition on $target" >&2
      exit 1
    fi
    ;;
  describe) echo "Name: ${args[*]:1} (described by the stub)" ;;
  logs) if [[ " ${args[*]} " == *" --previous "* ]]; then exit 1; fi
        echo "log of ${args[1]}: Caused by: java.net.UnknownHostException: redis" ;;
  scale|delete) ;;
  *) echo "stub kubectl: unexpected call: $*" >&2; exit 3 ;;
esac
