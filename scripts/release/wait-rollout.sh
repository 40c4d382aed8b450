#!/usr/bin/env bash
# Waits for an Argo Rollout to finish its canary: exit 0 when Healthy, 1 when
# Degraded (the analysis aborted it and traffic went back to stable) or on timeout.
# Usage: wait-rollout.sh NAMESPACE NAME TIMEOUT_SECONDS
set -euo pipefail
namespace=$1 name=$2 timeout=$3
deadline=$((SECONDS + timeout))
# The controller needs a moment to see the new template before the phase means anything.
sleep 10
while [ "$SECONDS" -lt "$deadline" ]; do
  phase=$(kubectl -n "$namespace" get rollout "$name" -o jsonpath='{.status.phase}')
  message=$(kubectl -n "$namespace" get rollout "$name" -o jsonpath='{.status.message}')
  echo "rollout $namespace/$name: ${phase:-unknown} ${message}"
  case "$phase" in
    Healthy) exit 0 ;;
    Degraded) echo "rollout $namespace/$name was aborted: traffic is back on the stable version" >&2; exit 1 ;;
  esac
  sleep 20
done
echo "rollout $namespace/$name did not finish within ${timeout}s" >&2
exit 1
