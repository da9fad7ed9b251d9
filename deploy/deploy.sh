#!/usr/bin/env bash
# Deploys Hammer to the current kubectl context, waits until it is ready, then runs health.sh.
#   deploy/deploy.sh [dev|prod|openshift|PATH] [--registry REGISTRY] [--tag TAG] [--timeout SECONDS]
# PATH is a kustomization folder relative to the repository root. --registry and --tag set the
# images (REGISTRY/hammer/engine:TAG, REGISTRY/hammer/anvil:TAG) without editing the overlay.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
overlay=dev registry="" tag="" timeout=600
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
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
work=$(mktemp -d "$repo/.deploy.XXXXXX")
trap 'rm -rf "$work"' EXIT
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources: [../$dir]"
  if [ -n "$registry$tag" ]; then
    echo "images:"
    for image in engine anvil; do
      echo "  - name: hammer/$image"
      [ -n "$registry" ] && echo "    newName: $registry/hammer/$image"
      [ -n "$tag" ] && echo "    newTag: \"$tag\""
    done
  fi
} > "$work/kustomization.yaml"
kubectl kustomize "$work" > "$work/hammer.yaml"

# What the cluster must have before Hammer's objects make sense.
missing=0
kubectl get crd kafkas.kafka.strimzi.io >/dev/null 2>&1 \
  || { echo "Strimzi is not installed (no kafkas.kafka.strimzi.io CRD): see README, Deploying on Kubernetes" >&2; missing=1; }
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

echo "Applying $dir ..."
kubectl apply -f "$work/hammer.yaml"

echo "Waiting for Kafka, its topics, Redis, Anvil and the engine (up to ${timeout}s each) ..."
kubectl -n hammer wait kafka/hammer --for=condition=Ready --timeout="${timeout}s"
kubectl -n hammer wait kafkatopic --all --for=condition=Ready --timeout="${timeout}s"
kubectl -n hammer rollout status statefulset/redis --timeout="${timeout}s"
for d in anvil console producer consumer; do
  kubectl -n hammer rollout status "deployment/$d" --timeout="${timeout}s"
done
"$repo/deploy/health.sh"
