#!/usr/bin/env bash
# Deploys Hammer to the current kubectl context, waits until it is ready, then runs health.sh.
#   deploy/deploy.sh [dev|prod|openshift|PATH] [--registry REGISTRY] [--tag TAG] [--timeout SECONDS]
# PATH is a kustomization folder relative to the repository root. --registry and --tag set the
# images (REGISTRY/hammer/engine:TAG, REGISTRY/hammer/anvil:TAG) without editing the overlay.
# A Deployment that this apply creates starts with its hammer.io/first-replicas count (prod sets
# one); later applies leave every count alone. Whatever does not become ready is described, with its
# pods' events and logs. After a successful rollout, the generated ConfigMaps and Secrets that the
# apply replaced (label hammer.io/hashed) are deleted.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
overlay=dev registry="" tag="" timeout=600
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) overlay=$1; shift ;;
  esac
done
case "$overlay" in
  dev|prod) dir=k8s/overlays/$overlay ;;
  openshift) dir=openshift ;;
  *) dir=${overlay%/} ;;
esac
[ -f "$repo/$dir/kustomization.yaml" ] || { echo "no kustomization at $repo/$dir" >&2; exit 2; }
command -v kubectl >/dev/null || { echo "kubectl is not installed" >&2; exit 2; }
kubectl version >/dev/null 2>&1 || { echo "no cluster answers on the current kubectl context ($(kubectl config current-context 2>/dev/null || echo none))" >&2; exit 2; }

if grep -Eq '^ *- .*components/credentials' "$repo/$dir/kustomization.yaml" \
    && [ ! -f "$repo/k8s/components/credentials/credentials.env" ]; then
  echo "$dir reads k8s/components/credentials/credentials.env: copy credentials.env.example there and fill it in" >&2
  exit 2
fi

# kustomize takes relative paths only: a throw-away kustomization beside the overlays sets the images.
# It renames the images as the overlay renders them (e.g. registry.example.com/hammer/engine).
work=$(mktemp -d "$repo/.deploy.XXXXXX")
trap 'rm -rf "$work"' EXIT
kubectl kustomize "$repo/$dir" > "$work/overlay.yaml"
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources: [../$dir]"
  if [ -n "$registry$tag" ]; then
    echo "images:"
    for image in engine anvil; do
      for name in $(sed -nE "s#^ *image: (.*hammer/$image)(:[^/]*)?\$#\\1#p" "$work/overlay.yaml" | sort -u); do
        echo "  - name: $name"
        [ -n "$registry" ] && echo "    newName: $registry/hammer/$image"
        [ -n "$tag" ] && echo "    newTag: \"$tag\""
      done
    done
  fi
} > "$work/kustomization.yaml"
kubectl kustomize "$work" > "$work/hammer.yaml"

# What the cluster must have before Hammer's objects make sense.
missing=0
if ! kubectl get crd kafkas.kafka.strimzi.io >/dev/null 2>&1; then
  echo "Strimzi is not installed (no kafkas.kafka.strimzi.io CRD): see README, Deploying on Kubernetes" >&2; missing=1
else
  # The manifests are kafka.strimzi.io/v1, which Strimzi serves from 1.0 on (they pin 1.2).
  served=$(kubectl get crd kafkas.kafka.strimzi.io -o jsonpath='{.spec.versions[?(@.served==true)].name}' 2>/dev/null || true)
  if ! grep -qw v1 <<< "$served"; then
    echo "the installed Strimzi serves kafka.strimzi.io ${served:-?}, not v1: upgrade the operator to Strimzi 1.2 (README, Deploying on Kubernetes)" >&2
    missing=1
  fi
fi
if grep -q '^kind: ScaledObject' "$work/hammer.yaml"; then
  kubectl get crd scaledobjects.keda.sh >/dev/null 2>&1 \
    || { echo "this overlay has a KEDA ScaledObject but KEDA is not installed (no scaledobjects.keda.sh CRD)" >&2; missing=1; }
fi
if grep -q '^kind: PodMonitor' "$work/hammer.yaml"; then
  kubectl get crd podmonitors.monitoring.coreos.com >/dev/null 2>&1 \
    || { echo "this overlay has PodMonitors but the Prometheus Operator's CRDs are missing" >&2; missing=1; }
fi
if ! grep -q '^kind: Secret' "$work/hammer.yaml"; then
  kubectl -n hammer get secret hammer-credentials >/dev/null 2>&1 \
    || { echo "create the hammer-credentials Secret first (README, Deploying on Kubernetes)" >&2; missing=1; }
fi
if grep -Eq '^ *- .*components/credentials' "$repo/$dir/kustomization.yaml" \
    && grep -Eq '^[a-z-]+= *$' "$repo/k8s/components/credentials/credentials.env"; then
  echo "k8s/components/credentials/credentials.env has empty values" >&2; missing=1
fi
[ "$missing" = 0 ] || exit 2

# Prints what the cluster knows about an object that did not become ready: its description, the
# recent events of the namespace, and each of its pods that is not ready, with its logs.
diagnose() {
  local object=$1 selector=$2
  echo "---- $object did not become ready. kubectl -n hammer describe $object:" >&2
  kubectl -n hammer describe "$object" >&2 || true
  echo "---- recent events in namespace hammer:" >&2
  kubectl -n hammer get events --sort-by=.lastTimestamp 2>&1 | tail -n 25 >&2 || true
  [ -n "$selector" ] || return 0
  local pod
  for pod in $(kubectl -n hammer get pods -l "$selector" -o go-template='{{range .items}}{{$ready := "False"}}{{range .status.conditions}}{{if eq .type "Ready"}}{{$ready = .status}}{{end}}{{end}}{{if ne $ready "True"}}{{.metadata.name}} {{end}}{{end}}' 2>/dev/null); do
    echo "---- pod $pod (not ready):" >&2
    kubectl -n hammer describe pod "$pod" 2>&1 | sed -n '/^Conditions:/,$p' >&2 || true
    echo "---- logs of $pod (last 50 lines per container; the previous run's too, if it restarted):" >&2
    kubectl -n hammer logs "$pod" --all-containers --tail=50 >&2 || true
    if kubectl -n hammer logs "$pod" --all-containers --tail=50 --previous >/dev/null 2>&1; then
      kubectl -n hammer logs "$pod" --all-containers --tail=50 --previous >&2 || true
    fi
  done
  return 0
}

# The label selector of a Deployment's or StatefulSet's pods, as k=v,k=v.
pods_of() {
  kubectl -n hammer get "$1" -o go-template='{{range $k, $v := .spec.selector.matchLabels}}{{$k}}={{$v}},{{end}}' 2>/dev/null | sed 's/,$//'
}

# Runs a wait; when it fails, explains why and stops.
wait_for() {
  local object=$1 selector=$2; shift 2
  "$@" || { diagnose "$object" "$selector"; echo "deploy failed: $object is not ready after ${timeout}s" >&2; exit 1; }
}

# The Deployments that exist before this apply: only the others get their first count.
existing=$(kubectl -n hammer get deployments -o name 2>/dev/null || true)

echo "Applying $dir ..."
kubectl apply -f "$work/hammer.yaml" -o name > "$work/applied.txt"
cat "$work/applied.txt"

for d in $(grep '^deployment' "$work/applied.txt"); do
  first=$(kubectl -n hammer get "$d" -o jsonpath='{.metadata.annotations.hammer\.io/first-replicas}')
  if [ -n "$first" ] && ! grep -qx "$d" <<< "$existing"; then
    echo "New $d: scaling to its first count, $first"
    kubectl -n hammer scale "$d" --replicas="$first"
  fi
done

echo "Waiting for Kafka, its topics, Redis, Anvil and the engine (up to ${timeout}s each) ..."
wait_for kafka/hammer strimzi.io/cluster=hammer \
  kubectl -n hammer wait kafka/hammer --for=condition=Ready --timeout="${timeout}s"
wait_for kafkatopic "" kubectl -n hammer wait kafkatopic --all --for=condition=Ready --timeout="${timeout}s"
wait_for statefulset/redis "$(pods_of statefulset/redis)" \
  kubectl -n hammer rollout status statefulset/redis --timeout="${timeout}s"
for d in anvil console producer consumer; do
  wait_for "deployment/$d" "$(pods_of "deployment/$d")" \
    kubectl -n hammer rollout status "deployment/$d" --timeout="${timeout}s"
done

# The pods now use the ConfigMaps and Secrets of this apply: delete the generated ones it replaced.
for old in $(kubectl -n hammer get configmaps,secrets -l hammer.io/hashed=true -o name); do
  if ! grep -qx "$old" "$work/applied.txt"; then
    echo "Deleting $old (replaced by this apply)"
    kubectl -n hammer delete "$old" --ignore-not-found
  fi
done

"$repo/deploy/health.sh"
