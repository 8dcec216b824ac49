#!/usr/bin/env bash
# A local Kubernetes cluster (kind) running Kubeflow Pipelines standalone, pinned to the
# release that matches the kfp SDK of the course. Run with no argument for help.
# Used in: lesson 09 ("Run on a cluster"), tests/test_cluster_scripts.py.
set -euo pipefail

# --- settings (environment variables override them) -----------------------------------
# PIPELINE_VERSION is the KFP backend (kfp_tutorial/versions.py KFP_BACKEND_VERSION): the
# newest backend release, which runs the pipeline spec the pinned SDK (kfp==2.17.3) compiles.
PIPELINE_VERSION="${PIPELINE_VERSION:-2.17.0}"
CLUSTER_NAME="${CLUSTER_NAME:-kfp-tutorial}"
KUBE_CONTEXT="${KUBE_CONTEXT:-kind-${CLUSTER_NAME}}"
NAMESPACE="kubeflow"
UI_PORT="${UI_PORT:-8080}"
UI_NODE_PORT=30080
WAIT_TIMEOUT="${WAIT_TIMEOUT:-900}"
WAIT_INTERVAL="${WAIT_INTERVAL:-10}"
DRY_RUN="${DRY_RUN:-0}"
PRELOAD="${PRELOAD:-0}"
FROM_GITHUB="${FROM_GITHUB:-0}"
KFP_MANIFESTS="github.com/kubeflow/pipelines/manifests/kustomize"

case "${BASH_SOURCE[0]}" in
  */*) SCRIPT_DIR="$(cd "${BASH_SOURCE[0]%/*}" && pwd)" ;;
  *) SCRIPT_DIR="$(pwd)" ;;
esac
KIND_CONFIG="${KIND_CONFIG:-${SCRIPT_DIR}/kind-config.yaml}"
IMAGES_FILE="${IMAGES_FILE:-${SCRIPT_DIR}/images.txt}"
MANIFESTS_DIR="${SCRIPT_DIR}/manifests"
# The rendered install manifests of this release, shipped next to this script
# (regenerate them with tools/vendor_kfp_manifests.py): 'up' needs no GitHub and no git.
VENDORED_DIR="${VENDORED_DIR:-${SCRIPT_DIR}/kfp-${PIPELINE_VERSION}}"
CLUSTER_SCOPED_YAML="${VENDORED_DIR}/cluster-scoped-resources.yaml"
PLATFORM_YAML="${VENDORED_DIR}/platform-agnostic.yaml"

# The CRDs the cluster-scoped manifests create: 'up' waits until each is Established.
KFP_CRDS=(
  applications.app.k8s.io
  clusterworkflowtemplates.argoproj.io
  cronworkflows.argoproj.io
  scheduledworkflows.kubeflow.org
  viewers.kubeflow.org
  workflowartifactgctasks.argoproj.io
  workfloweventbindings.argoproj.io
  workflows.argoproj.io
  workflowtaskresults.argoproj.io
  workflowtasksets.argoproj.io
  workflowtemplates.argoproj.io
)
# The deployments of env/platform-agnostic: 'up' waits until each has a ready pod.
KFP_DEPLOYMENTS=(
  cache-deployer-deployment
  cache-server
  metadata-envoy-deployment
  metadata-grpc-deployment
  metadata-writer
  ml-pipeline
  ml-pipeline-persistenceagent
  ml-pipeline-scheduledworkflow
  ml-pipeline-ui
  ml-pipeline-viewer-crd
  ml-pipeline-visualizationserver
  mysql
  seaweedfs
  workflow-controller
)

usage() {
  local line
  while IFS= read -r line; do printf '%s\n' "$line"; done <<EOF
Usage: ${0##*/} [--dry-run] [--from-github] COMMAND

A kind cluster with Kubeflow Pipelines ${PIPELINE_VERSION} (standalone, env/platform-agnostic).

Commands:
  up              create the kind cluster '${CLUSTER_NAME}' (skipped if it exists), install KFP
                  from the manifests shipped in cluster/kfp-${PIPELINE_VERSION}/ (no GitHub, no git)
                  and the lessons' example objects (cluster/manifests), publish the UI on
                  http://localhost:${UI_PORT} and wait until every pod is ready
  down            delete the kind cluster '${CLUSTER_NAME}' (and everything in it)
  status          show whether the cluster runs and how many KFP pods are ready
  port-forward    forward http://localhost:${UI_PORT} to the KFP UI (for clusters not made by 'up')
  preload-images  pull every image in cluster/images.txt and load them into the kind cluster
  help            show this help

Options:
  --dry-run       print every command that would change something, run nothing
                  (same as DRY_RUN=1; needs none of docker, kind or kubectl)
  --from-github   'up' applies the upstream kustomizations from GitHub instead of the shipped
                  files (same as FROM_GITHUB=1; needs network and git)

Environment: PIPELINE_VERSION (${PIPELINE_VERSION}), CLUSTER_NAME (${CLUSTER_NAME}),
  KUBE_CONTEXT (${KUBE_CONTEXT}), UI_PORT (${UI_PORT}), WAIT_TIMEOUT seconds (${WAIT_TIMEOUT}),
  WAIT_INTERVAL seconds (${WAIT_INTERVAL}), PRELOAD=1 (up loads cluster/images.txt first),
  FROM_GITHUB=1 (same as --from-github).

Offline: 'preload-images' pulls every image of cluster/images.txt (the kind node, KFP, Argo,
  the lessons' images) while there is network; then 'PRELOAD=1 ${0##*/} up' needs none.

After 'up':  export KFP_HOST=http://localhost:${UI_PORT}
             kfp-tutorial run 02-add --host "\$KFP_HOST"
EOF
}

# --- output helpers ---------------------------------------------------------------------
step() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; }

# Print a command the way one would type it: safe words bare, anything else single-quoted.
show_command() {
  local out="+" word
  for word in "$@"; do
    if [[ "$word" =~ ^[A-Za-z0-9_./:=@,+%-]+$ ]]; then
      out+=" $word"
    else
      out+=" '${word//\'/\'\\\'\'}'"
    fi
  done
  printf '%s\n' "$out"
}

# Run a command that changes something; under --dry-run only print it.
run() {
  show_command "$@"
  if [[ "$DRY_RUN" == 1 ]]; then
    return 0
  fi
  "$@"
}

have() { command -v "$1" >/dev/null 2>&1; }

install_hint() {
  case "$1" in
    docker) echo "install Docker: https://docs.docker.com/get-docker/ (Docker Desktop on macOS/Windows, docker-ce on Linux)" ;;
    kind) echo "install kind >= 0.20: https://kind.sigs.k8s.io/docs/user/quick-start/#installation (e.g. 'go install sigs.k8s.io/kind@latest' or 'brew install kind')" ;;
    kubectl) echo "install kubectl >= 1.27: https://kubernetes.io/docs/tasks/tools/ (e.g. 'brew install kubectl')" ;;
    git) echo "install git: https://git-scm.com/downloads (kubectl uses it to fetch the KFP manifests with --from-github)" ;;
    *) echo "install $1" ;;
  esac
}

# Stop with a clear message if a tool is missing. Under --dry-run only note it.
require_tools() {
  local tool missing=0
  for tool in "$@"; do
    if ! have "$tool"; then
      if [[ "$DRY_RUN" == 1 ]]; then
        info "note: '$tool' is not installed; a real run needs it: $(install_hint "$tool")"
      else
        fail "'$tool' is not installed: $(install_hint "$tool")"
        missing=1
      fi
    fi
  done
  if [[ "$missing" == 1 ]]; then
    fail "then run '${0##*/} $COMMAND' again ('kfp-tutorial doctor' checks everything at once)"
    exit 1
  fi
}

require_docker_daemon() {
  if [[ "$DRY_RUN" == 1 ]] || docker info >/dev/null 2>&1; then
    return 0
  fi
  fail "docker is installed but its daemon does not answer ('docker info' fails)."
  fail "Start Docker Desktop (macOS/Windows) or 'sudo systemctl start docker' (Linux); on Linux"
  fail "also add yourself to the docker group: 'sudo usermod -aG docker \$USER', then log in again."
  exit 1
}

# Does the kind cluster exist? Under --dry-run kind may be missing: then it does not.
cluster_exists() {
  have kind || return 1
  local name
  while IFS= read -r name; do
    [[ "$name" == "$CLUSTER_NAME" ]] && return 0
  done < <(kind get clusters 2>/dev/null || true)
  return 1
}

kube() { run kubectl --context "$KUBE_CONTEXT" "$@"; }

# The kind config with the UI published on UI_PORT (a copy only when it is not 8080).
kind_config() {
  if [[ "$UI_PORT" == 8080 ]]; then
    printf '%s\n' "$KIND_CONFIG"
    return 0
  fi
  local copy="${TMPDIR:-/tmp}/kfp-tutorial-kind-config-${UI_PORT}.yaml"
  local line
  if [[ "$DRY_RUN" == 1 ]]; then
    printf '%s\n' "$copy"
    return 0
  fi
  : >"$copy"
  while IFS= read -r line; do
    printf '%s\n' "${line/hostPort: 8080/hostPort: ${UI_PORT}}" >>"$copy"
  done <"$KIND_CONFIG"
  printf '%s\n' "$copy"
}

# Count pods: sets POD_TOTAL, POD_READY, NOT_READY (lines "name  status  ready") and
# NO_POD_YET (the KFP_DEPLOYMENTS without a ready pod: a pod of deployment D is D-HASH-ID).
count_pods() {
  POD_TOTAL=0
  POD_READY=0
  NOT_READY=()
  NO_POD_YET=()
  local name ready status rest deployment found ready_pods=()
  while read -r name ready status rest; do
    [[ -z "$name" ]] && continue
    POD_TOTAL=$((POD_TOTAL + 1))
    if [[ "$status" == Completed ]] || { [[ "$status" == Running ]] && [[ "${ready%/*}" == "${ready#*/}" ]]; }; then
      POD_READY=$((POD_READY + 1))
      ready_pods+=("$name")
    else
      NOT_READY+=("$name  $status  $ready ready")
    fi
  done < <(kubectl --context "$KUBE_CONTEXT" get pods -n "$NAMESPACE" --no-headers 2>/dev/null || true)
  for deployment in "${KFP_DEPLOYMENTS[@]}"; do
    found=0
    for name in "${ready_pods[@]}"; do
      if [[ "$name" =~ ^${deployment}-[a-z0-9]+-[a-z0-9]+$ ]]; then
        found=1
        break
      fi
    done
    ((found)) || NO_POD_YET+=("$deployment")
  done
}

# Every pod ready and every KFP deployment has one?
all_ready() { ((POD_TOTAL > 0 && POD_READY == POD_TOTAL && ${#NO_POD_YET[@]} == 0)); }

wait_for_pods() {
  show_command kubectl --context "$KUBE_CONTEXT" get pods -n "$NAMESPACE" --no-headers
  info "(repeated every ${WAIT_INTERVAL}s until every pod is ready, at most ${WAIT_TIMEOUT}s)"
  if [[ "$DRY_RUN" == 1 ]]; then
    return 0
  fi
  local started=$SECONDS elapsed
  while :; do
    count_pods
    elapsed=$((SECONDS - started))
    info "$(printf '%4ds  %d/%d pods ready, %d/%d deployments' "$elapsed" "$POD_READY" "$POD_TOTAL" \
      $((${#KFP_DEPLOYMENTS[@]} - ${#NO_POD_YET[@]})) "${#KFP_DEPLOYMENTS[@]}")"
    if all_ready; then
      return 0
    fi
    if ((elapsed >= WAIT_TIMEOUT)); then
      fail "after ${WAIT_TIMEOUT}s, ${#NOT_READY[@]} of ${POD_TOTAL} pods are not ready:"
      local pod
      for pod in "${NOT_READY[@]}"; do
        printf '    %s\n' "$pod" >&2
      done
      if ((${#NO_POD_YET[@]} > 0)); then
        fail "deployments without a ready pod: ${NO_POD_YET[*]}"
      fi
      fail "Why: 'kubectl --context $KUBE_CONTEXT describe pod -n $NAMESPACE NAME' (Events at the end),"
      fail "     'kubectl --context $KUBE_CONTEXT logs -n $NAMESPACE NAME' for a CrashLoopBackOff."
      fail "Usual causes: ImagePullBackOff/ContainerCreating = slow image pulls (preload them:"
      fail "'${0##*/} preload-images'); CrashLoopBackOff with 'too many open files' = inotify limits;"
      fail "Pending = not enough memory for Docker. 'kfp-tutorial doctor' checks the last two."
      fail "Pods may still become ready: '${0##*/} status' shows them, 'up' again waits again."
      return 1
    fi
    sleep "$WAIT_INTERVAL"
  done
}

# Images listed in images.txt (first word of each line that is not a comment).
read_images() {
  IMAGES=()
  local line
  while IFS= read -r line; do
    line="${line%%#*}"
    read -r line _ <<<"$line" || true
    [[ -n "$line" ]] && IMAGES+=("$line")
  done <"$IMAGES_FILE"
}

load_images_into_kind() {
  read_images
  step "Loading the images of ${IMAGES_FILE##*/} (but the node image) from Docker's cache into kind cluster '${CLUSTER_NAME}'"
  local image failed=()
  for image in "${IMAGES[@]}"; do
    if [[ "$image" == kindest/node:* ]]; then
      continue # the node image itself: 'kind create cluster' starts it from Docker's cache
    fi
    if [[ "$DRY_RUN" != 1 ]] && ! docker image inspect "$image" >/dev/null 2>&1; then
      info "not in Docker's cache, skipped (run 'preload-images' first): $image"
      continue
    fi
    run kind load docker-image --name "$CLUSTER_NAME" "$image" || failed+=("$image")
  done
  if ((${#failed[@]} > 0)); then
    fail "could not load: ${failed[*]}"
    fail "(with Docker's containerd image store, try: docker save IMAGE -o image.tar &&"
    fail " kind load image-archive image.tar --name ${CLUSTER_NAME})"
    return 1
  fi
}

# --- commands -----------------------------------------------------------------------------
# Stop before anything changes if the shipped manifests of PIPELINE_VERSION are missing.
require_vendored() {
  local file
  for file in "$CLUSTER_SCOPED_YAML" "$PLATFORM_YAML"; do
    if [[ ! -f "$file" ]]; then
      fail "no shipped manifests for KFP ${PIPELINE_VERSION}: ${file} is missing."
      fail "Install from GitHub instead: ${0##*/} --from-github up (needs network and git),"
      fail "or render them: python -m tools.vendor_kfp_manifests (in the course repository)."
      exit 1
    fi
  done
}

cmd_up() {
  if [[ "$FROM_GITHUB" == 1 ]]; then
    step "Checking the tools: docker, kind, kubectl, git (--from-github)"
    require_tools docker kind kubectl git
  else
    step "Checking the tools: docker, kind, kubectl"
    require_tools docker kind kubectl
    require_vendored
  fi
  require_docker_daemon

  step "1/6 kind cluster '${CLUSTER_NAME}'"
  if cluster_exists; then
    info "cluster '${CLUSTER_NAME}' already exists: not creating it again"
    # Puts the kubectl context kind-${CLUSTER_NAME} back if the kubeconfig lost it.
    run kind export kubeconfig --name "$CLUSTER_NAME"
  else
    run kind create cluster --name "$CLUSTER_NAME" --config "$(kind_config)"
  fi
  if [[ "$PRELOAD" == 1 ]]; then
    load_images_into_kind
  fi

  local source="shipped files in ${VENDORED_DIR##*/}/"
  [[ "$FROM_GITHUB" == 1 ]] && source="GitHub, tag ${PIPELINE_VERSION}"
  step "2/6 KFP ${PIPELINE_VERSION}: cluster-scoped resources (namespace ${NAMESPACE}, CRDs) from ${source}"
  if [[ "$FROM_GITHUB" == 1 ]]; then
    kube apply -k "${KFP_MANIFESTS}/cluster-scoped-resources?ref=${PIPELINE_VERSION}"
  else
    kube apply -f "$CLUSTER_SCOPED_YAML"
  fi
  kube wait --for condition=established --timeout=60s "${KFP_CRDS[@]/#/crd/}"

  step "3/6 KFP ${PIPELINE_VERSION}: the pipelines backend and UI (env/platform-agnostic) from ${source}"
  if [[ "$FROM_GITHUB" == 1 ]]; then
    kube apply -k "${KFP_MANIFESTS}/env/platform-agnostic?ref=${PIPELINE_VERSION}"
  else
    kube apply -f "$PLATFORM_YAML"
  fi

  if compgen -G "${MANIFESTS_DIR}/*.yaml" >/dev/null; then
    step "4/6 the lessons' example objects in namespace ${NAMESPACE}: cluster/manifests/*.yaml"
    kube -n "$NAMESPACE" apply -f "$MANIFESTS_DIR"
  else
    step "4/6 no lesson objects to create (cluster/manifests has no *.yaml)"
  fi

  step "5/6 publishing the UI: service ml-pipeline-ui as NodePort ${UI_NODE_PORT} -> http://localhost:${UI_PORT}"
  kube -n "$NAMESPACE" patch service ml-pipeline-ui --type json \
    -p "[{\"op\":\"replace\",\"path\":\"/spec/type\",\"value\":\"NodePort\"},{\"op\":\"add\",\"path\":\"/spec/ports/0/nodePort\",\"value\":${UI_NODE_PORT}}]"

  step "6/6 waiting for the KFP pods (the first time takes 5-15 minutes: images are pulled)"
  wait_for_pods
  if [[ "$DRY_RUN" == 1 ]]; then
    step "Dry run finished: nothing was changed"
    return 0
  fi

  step "Kubeflow Pipelines ${PIPELINE_VERSION} is ready"
  info "UI:   http://localhost:${UI_PORT}"
  info "Use:  export KFP_HOST=http://localhost:${UI_PORT}"
  info "      kfp-tutorial run 02-add --host \"\$KFP_HOST\""
  info "Stop: ${0##*/} down"
}

cmd_down() {
  step "Deleting kind cluster '${CLUSTER_NAME}'"
  require_tools docker kind
  require_docker_daemon
  if [[ "$DRY_RUN" != 1 ]] && ! cluster_exists; then
    info "no kind cluster named '${CLUSTER_NAME}': nothing to delete"
    return 0
  fi
  run kind delete cluster --name "$CLUSTER_NAME"
}

cmd_status() {
  require_tools docker kind kubectl
  if [[ "$DRY_RUN" == 1 ]]; then
    show_command kind get clusters
    show_command kubectl --context "$KUBE_CONTEXT" get pods -n "$NAMESPACE" --no-headers
    return 0
  fi
  require_docker_daemon
  if ! cluster_exists; then
    step "kind cluster '${CLUSTER_NAME}' is not running"
    info "start it: ${0##*/} up   (or: kfp-tutorial cluster up)"
    return 1
  fi
  step "kind cluster '${CLUSTER_NAME}' is running (kubectl context ${KUBE_CONTEXT})"
  count_pods
  info "$(printf '%d/%d KFP pods ready in namespace %s' "$POD_READY" "$POD_TOTAL" "$NAMESPACE")"
  local pod
  for pod in "${NOT_READY[@]}"; do
    info "not ready: $pod"
  done
  for pod in "${NO_POD_YET[@]}"; do
    info "no ready pod yet: deployment $pod"
  done
  info "UI: http://localhost:${UI_PORT}    (export KFP_HOST=http://localhost:${UI_PORT})"
  all_ready
}

# Does a KFP API answer on localhost:UI_PORT? Plain bash, no curl needed.
kfp_answers() {
  local status_line
  { exec 3<>"/dev/tcp/127.0.0.1/${UI_PORT}"; } 2>/dev/null || return 1
  printf 'GET /apis/v2beta1/healthz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  IFS= read -r -t 5 status_line <&3 || true
  exec 3>&-
  [[ "$status_line" == *" 200"* ]]
}

port_in_use() { { exec 3<>"/dev/tcp/127.0.0.1/${UI_PORT}"; } 2>/dev/null && exec 3>&-; }

cmd_port_forward() {
  require_tools kubectl
  if [[ "$DRY_RUN" != 1 ]]; then
    if kfp_answers; then
      step "KFP already answers on http://localhost:${UI_PORT}: no port-forward needed"
      info "(a cluster made by 'up' publishes the UI there itself)"
      return 0
    fi
    if port_in_use; then
      fail "port ${UI_PORT} is used by another program; pick another: UI_PORT=8081 ${0##*/} port-forward"
      exit 1
    fi
  fi
  step "Forwarding http://localhost:${UI_PORT} to the KFP UI; leave this running, Ctrl+C stops it"
  run kubectl --context "$KUBE_CONTEXT" port-forward -n "$NAMESPACE" svc/ml-pipeline-ui "${UI_PORT}:80"
}

cmd_preload_images() {
  require_tools docker kind
  require_docker_daemon
  read_images
  step "Pulling ${#IMAGES[@]} images listed in ${IMAGES_FILE##*/} (already cached ones are skipped)"
  local image failed=()
  for image in "${IMAGES[@]}"; do
    if [[ "$DRY_RUN" != 1 ]] && docker image inspect "$image" >/dev/null 2>&1; then
      info "cached: $image"
      continue
    fi
    run docker pull "$image" || failed+=("$image")
  done
  if ((${#failed[@]} > 0)); then
    fail "could not pull ${#failed[@]} images: ${failed[*]}"
    exit 1
  fi
  if cluster_exists || [[ "$DRY_RUN" == 1 ]]; then
    load_images_into_kind
  else
    step "No kind cluster '${CLUSTER_NAME}' yet: the images wait in Docker's cache."
    info "'PRELOAD=1 ${0##*/} up' loads them into the new cluster before installing KFP."
  fi
}

# --- main -----------------------------------------------------------------------------------
COMMAND=""
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    --from-github) FROM_GITHUB=1 ;;
    -h | --help | help) COMMAND=help ;;
    -*)
      fail "unknown option '$arg'"
      usage >&2
      exit 2
      ;;
    *)
      if [[ -n "$COMMAND" && "$COMMAND" != help ]]; then
        fail "one command at a time (got '$COMMAND' and '$arg')"
        exit 2
      fi
      [[ "$COMMAND" == help ]] || COMMAND="$arg"
      ;;
  esac
done

if [[ "$DRY_RUN" == 1 && "$COMMAND" != help && -n "$COMMAND" ]]; then
  step "Dry run: printing the commands, running none of them"
fi

case "$COMMAND" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  port-forward) cmd_port_forward ;;
  preload-images) cmd_preload_images ;;
  help) usage ;;
  "")
    usage
    exit 2
    ;;
  *)
    fail "unknown command '$COMMAND'"
    usage >&2
    exit 2
    ;;
esac
