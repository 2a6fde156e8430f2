#!/usr/bin/env bash
# A real Kubernetes API server (kube-apiserver + etcd) on loopback, for tests and the demo.
# Both binaries are built from the Go module proxy with the machine's Go and cached; no
# kubelet, no controllers: tests write pod and HPA status through /status as kubelet and the
# HPA controller would. See docs/deploy.md ("Testing against a real API server").
#
# Usage: deploy/k8s-test/apiserver.sh build|built|start|stop|restart|status|env|reset|logs
set -euo pipefail

K8S_VERSION="${PODTRAIL_K8S_VERSION:-1.37.2}"
ETCD_VERSION="${PODTRAIL_ETCD_VERSION:-3.7.0}"
# k8s.io/kubernetes publishes its staging modules (k8s.io/api, k8s.io/apiserver, ...) as v0.MINOR.PATCH.
STAGING_VERSION="v0.${K8S_VERSION#*.}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF="$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")"

CACHE_ROOT="${PODTRAIL_K8S_CACHE:-$HOME/.cache/podtrail-k8s}"
BIN_DIR="$CACHE_ROOT/v$K8S_VERSION"
APISERVER_BIN="$BIN_DIR/kube-apiserver"
ETCD_BIN="$BIN_DIR/etcd"
MODULE_DIR="$CACHE_ROOT/build-v$K8S_VERSION"
# The build's own Go build cache (about 3.5 GB), so it can be dropped without touching anyone else's.
BUILD_GOCACHE="${PODTRAIL_K8S_GOCACHE:-$CACHE_ROOT/go-build}"
# Below this much free disk after a build, the build cache is deleted (the binaries are the cache).
MIN_FREE_GB="${PODTRAIL_K8S_MIN_FREE_GB:-10}"

# One instance per run directory: its ports, keys, tokens, etcd data, pid files and logs live there.
# Tests give each run its own directory (and let the script pick free ports).
RUN_DIR="${PODTRAIL_K8S_RUN_DIR:-$CACHE_ROOT/run}"
START_TIMEOUT="${PODTRAIL_K8S_START_TIMEOUT:-180}"
HOST=127.0.0.1

PORTS_FILE="$RUN_DIR/ports.env"
TLS_DIR="$RUN_DIR/tls"
TOKENS_FILE="$RUN_DIR/tokens.csv"
ETCD_DATA="$RUN_DIR/etcd-data"
ETCD_PID="$RUN_DIR/etcd.pid"
APISERVER_PID="$RUN_DIR/kube-apiserver.pid"
WATCHDOG_PID="$RUN_DIR/watchdog.pid"
ETCD_LOG="$RUN_DIR/etcd.log"
APISERVER_LOG="$RUN_DIR/kube-apiserver.log"
ADMIN_KUBECONFIG="$RUN_DIR/admin.kubeconfig"
READER_KUBECONFIG="$RUN_DIR/reader.kubeconfig"

ADMIN_USER=podtrail-admin
READER_USER=podtrail-reader

log() { printf '[k8s-test] %s\n' "$*" >&2; }
die() { printf '[k8s-test] ERROR: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found in PATH ($2)"; }

# ------------------------------------------------------------------ build ---

binaries_ok() {
  [[ -x "$APISERVER_BIN" && -x "$ETCD_BIN" ]] || return 1
  # (captured first: `grep -q` closing a pipe early would fail the pipeline under pipefail)
  local apiserver_version etcd_version
  apiserver_version="$("$APISERVER_BIN" --version 2>/dev/null)" || return 1
  etcd_version="$("$ETCD_BIN" --version 2>/dev/null)" || return 1
  [[ "$apiserver_version" == "Kubernetes v$K8S_VERSION" && "$etcd_version" == *"etcd Version: $ETCD_VERSION"* ]]
}

# The modules k8s.io/kubernetes replaces with its own ./staging/src/... directories: outside that
# repository they must be pinned to their published versions, read from its go.mod (not hand-written).
staging_modules() { # staging_modules <k8s.io/kubernetes go.mod>
  awk '/=>[ \t]*\.\/staging\/src\// { for (i = 1; i <= NF; i++) if ($i == "=>") print $(i - 1) }' "$1" | sort -u
}

free_gb() { df -Pk "$1" | awk 'NR == 2 { print int($4 / 1048576) }'; }

cmd_build() {
  if binaries_ok; then
    log "kube-apiserver v$K8S_VERSION and etcd v$ETCD_VERSION already built in $BIN_DIR"
    return 0
  fi
  need go "the Go toolchain builds kube-apiserver and etcd"
  mkdir -p "$CACHE_ROOT"
  exec 8>"$CACHE_ROOT/.build-v$K8S_VERSION.lock"
  flock 8 # a concurrent build of the same version: wait for it, then reuse its result
  if binaries_ok; then
    log "built meanwhile by another process: $BIN_DIR"
    return 0
  fi
  local started=$SECONDS
  # Never fetch another toolchain; the module proxy serves modules only.
  export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0 GOCACHE="$BUILD_GOCACHE"
  log "go: $(go version)"

  local kube_mod
  kube_mod="$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -f "$kube_mod" ]] || die "could not download k8s.io/kubernetes@v$K8S_VERSION's go.mod"
  local staging
  staging="$(staging_modules "$kube_mod")"
  [[ -n "$staging" ]] || die "no ./staging/src replacements found in $kube_mod"
  log "pinning $(wc -l <<<"$staging") staging modules of k8s.io/kubernetes to $STAGING_VERSION"

  rm -rf "$MODULE_DIR" && mkdir -p "$MODULE_DIR/etcd"
  cp "$SCRIPT_DIR/build/etcd/main.go" "$MODULE_DIR/etcd/main.go"
  local edits=(
    "-require=k8s.io/kubernetes@v$K8S_VERSION"
    "-require=go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
    "-tool=k8s.io/kubernetes/cmd/kube-apiserver"
  )
  local m
  while read -r m; do edits+=("-replace=$m=$m@$STAGING_VERSION"); done <<<"$staging"
  (
    cd "$MODULE_DIR"
    go mod init podtrail.test/k8s-test-build 2>/dev/null
    go mod edit "${edits[@]}"
  ) || die "could not write the wrapper module in $MODULE_DIR"

  # What the official build stamps into the binary (hack/lib/version.sh), so --version and /version
  # report the release rather than v0.0.0-master.
  local pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=${K8S_VERSION%%.*}"
  ldflags+=" -X $pkg.gitMinor=$(cut -d. -f2 <<<"$K8S_VERSION") -X $pkg.gitTreeState=clean"
  ldflags+=" -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  local out="$MODULE_DIR/bin"
  log "building kube-apiserver v$K8S_VERSION and etcd v$ETCD_VERSION in $MODULE_DIR (cold: 10+ minutes on 2 cores)"
  (
    cd "$MODULE_DIR"
    # nice: a shared 2-core machine keeps serving tests while this compiles
    nice -n 10 go build -trimpath -ldflags="$ldflags" -o "$out/" k8s.io/kubernetes/cmd/kube-apiserver ./etcd
  ) || die "go build failed"

  mkdir -p "$BIN_DIR"
  mv -f "$out/kube-apiserver" "$APISERVER_BIN"
  mv -f "$out/etcd" "$ETCD_BIN"
  rmdir "$out" 2>/dev/null || true
  binaries_ok || die "built binaries do not report v$K8S_VERSION / etcd $ETCD_VERSION"
  log "built in $((SECONDS - started))s: $(du -h "$APISERVER_BIN" | cut -f1) kube-apiserver, $(du -h "$ETCD_BIN" | cut -f1) etcd"
  local free
  free="$(free_gb "$CACHE_ROOT")"
  if ((free < MIN_FREE_GB)); then
    log "only ${free} GB free: deleting the build cache $BUILD_GOCACHE ($(du -sh "$BUILD_GOCACHE" | cut -f1))"
    go clean -cache
  fi
}

# ------------------------------------------------------------- run helpers ---

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# A port nobody listens on, from a range outside the usual ephemeral one and away from Kafka's.
pick_port() {
  local port i
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 12000))
    port_open "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# Ports are chosen once per run directory and kept, so a restart serves the same URL.
load_ports() {
  mkdir -p "$RUN_DIR"
  local APISERVER_PORT="" ETCD_PORT="" ETCD_PEER_PORT=""
  # shellcheck disable=SC1090
  [[ -f "$PORTS_FILE" ]] && source "$PORTS_FILE"
  API_PORT="${PODTRAIL_K8S_PORT:-${APISERVER_PORT:-$(pick_port)}}"
  ETCD_CLIENT_PORT="${PODTRAIL_ETCD_PORT:-${ETCD_PORT:-$(pick_port)}}"
  ETCD_PEER="${PODTRAIL_ETCD_PEER_PORT:-${ETCD_PEER_PORT:-$(pick_port)}}"
  printf 'APISERVER_PORT=%s\nETCD_PORT=%s\nETCD_PEER_PORT=%s\n' "$API_PORT" "$ETCD_CLIENT_PORT" "$ETCD_PEER" >"$PORTS_FILE"
  API_URL="https://$HOST:$API_PORT"
  ETCD_URL="http://$HOST:$ETCD_CLIENT_PORT"
}

read_pid() { if [[ -f "$1" ]]; then tr -dc '0-9' <"$1"; fi; }

# True if the pid file points at a live process of that binary serving this run directory.
pid_alive() { # pid_alive <pid file> <binary>
  local pid
  pid="$(read_pid "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
    [[ "$cmdline" == *"$2"* && "$cmdline" == *"$RUN_DIR"* ]] || return 1
  fi
}

token() { openssl rand -hex 24; }

# A CA, a serving certificate for 127.0.0.1/localhost signed by it, and the service-account key.
ensure_tls() {
  [[ -f "$TLS_DIR/ca.crt" && -f "$TLS_DIR/serving.crt" && -f "$TLS_DIR/sa.key" ]] && return 0
  need openssl "makes the serving certificate and the service-account key"
  rm -rf "$TLS_DIR" && mkdir -p "$TLS_DIR"
  (
    cd "$TLS_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=podtrail-test-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout serving.key -out serving.csr -subj "/CN=kube-apiserver"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' >serving.ext
    openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile serving.ext -out serving.crt
    openssl genrsa -out sa.key 2048
    rm -f serving.csr serving.ext ca.srl
  ) >/dev/null 2>&1 || die "openssl could not make the TLS material in $TLS_DIR"
}

# Static tokens: an admin (system:masters) and a reader (bound to get/list/watch after start).
ensure_tokens() {
  [[ -f "$TOKENS_FILE" ]] && return 0
  printf '%s,%s,%s,"system:masters"\n%s,%s,%s,"podtrail:readers"\n' \
    "$(token)" "$ADMIN_USER" "uid-$ADMIN_USER" "$(token)" "$READER_USER" "uid-$READER_USER" >"$TOKENS_FILE"
  chmod 600 "$TOKENS_FILE"
}

token_of() { awk -F, -v u="$1" '$2 == u { print $1 }' "$TOKENS_FILE"; }

write_kubeconfig() { # write_kubeconfig <file> <user> <token>
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: podtrail-test
    cluster:
      server: $API_URL
      certificate-authority: $TLS_DIR/ca.crt
users:
  - name: $2
    user:
      token: $3
contexts:
  - name: podtrail-test
    context:
      cluster: podtrail-test
      user: $2
current-context: podtrail-test
EOF
  chmod 600 "$1"
}

api() { # api <method> <path> [json body]: as the admin; prints the HTTP status
  local args=(-sS -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$TLS_DIR/ca.crt"
    -H "Authorization: Bearer $(token_of "$ADMIN_USER")" -X "$1")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "$API_URL$2" 2>/dev/null || true
}

fail_start() {
  log "did not become ready: $1"
  local f
  for f in "$ETCD_LOG" "$APISERVER_LOG"; do
    [[ -f "$f" ]] || continue
    log "---- last lines of $f ----"
    tail -n 25 "$f" >&2 || true
  done
  stop_all >/dev/null 2>&1 || true
  exit 1
}

wait_for() { # wait_for <what> <check command...>
  local what="$1" deadline=$((SECONDS + START_TIMEOUT))
  shift
  until "$@"; do
    pid_alive "$ETCD_PID" "$ETCD_BIN" || fail_start "etcd exited"
    [[ "$what" == etcd ]] || pid_alive "$APISERVER_PID" "$APISERVER_BIN" || fail_start "kube-apiserver exited"
    ((SECONDS < deadline)) || fail_start "$what not ready after ${START_TIMEOUT}s"
    sleep 0.2
  done
}

etcd_healthy() { curl -sf --max-time 2 "$ETCD_URL/health" 2>/dev/null | grep -q '"health":"true"'; }

apiserver_ready() {
  [[ "$(curl -s --max-time 5 --cacert "$TLS_DIR/ca.crt" -H "Authorization: Bearer $(token_of "$ADMIN_USER")" \
    "$API_URL/readyz" 2>/dev/null)" == ok ]]
}

launch() { # launch <pid file> <log file> <command...>: detached from the caller's session
  local pid_file="$1" log_file="$2"
  shift 2
  [[ -f "$log_file" ]] && mv -f "$log_file" "$log_file.1"
  nohup setsid "$@" </dev/null >>"$log_file" 2>&1 8>&- 9>&- &
  echo $! >"$pid_file"
}

start_etcd() {
  pid_alive "$ETCD_PID" "$ETCD_BIN" && return 0
  port_open "$ETCD_CLIENT_PORT" && die "port $ETCD_CLIENT_PORT is in use by another process (set PODTRAIL_ETCD_PORT)"
  port_open "$ETCD_PEER" && die "port $ETCD_PEER is in use by another process (set PODTRAIL_ETCD_PEER_PORT)"
  local peer="http://$HOST:$ETCD_PEER"
  # --unsafe-no-fsync: a test store on a busy shared disk; nothing here must survive a machine crash.
  # shellcheck disable=SC2086
  launch "$ETCD_PID" "$ETCD_LOG" "$ETCD_BIN" --name podtrail-test --data-dir "$ETCD_DATA" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" --initial-cluster "podtrail-test=$peer" \
    --log-level warn --unsafe-no-fsync ${PODTRAIL_ETCD_ARGS:-}
  wait_for etcd etcd_healthy
}

start_apiserver() {
  pid_alive "$APISERVER_PID" "$APISERVER_BIN" && return 0
  port_open "$API_PORT" && die "port $API_PORT is in use by another process (set PODTRAIL_K8S_PORT)"
  # No kubelet, no controllers: no endpoint reconciler (it would publish 127.0.0.1 as the
  # kubernetes service's endpoint) and no ServiceAccount admission (no token controller).
  # shellcheck disable=SC2086
  launch "$APISERVER_PID" "$APISERVER_LOG" "$APISERVER_BIN" \
    --bind-address="$HOST" --advertise-address="$HOST" --secure-port="$API_PORT" \
    --cert-dir="$RUN_DIR/apiserver-certs" \
    --tls-cert-file="$TLS_DIR/serving.crt" --tls-private-key-file="$TLS_DIR/serving.key" \
    --etcd-servers="$ETCD_URL" \
    --token-auth-file="$TOKENS_FILE" --authorization-mode=RBAC \
    --service-account-key-file="$TLS_DIR/sa.key" --service-account-signing-key-file="$TLS_DIR/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=10.96.0.0/16 \
    --endpoint-reconciler-type=none --disable-admission-plugins=ServiceAccount \
    --profiling=false ${PODTRAIL_K8S_APISERVER_ARGS:-}
  wait_for kube-apiserver apiserver_ready
}

# The reader may get, list and watch everything and nothing more: what a watcher's token needs.
grant_reader() {
  local role='{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"podtrail-test-reader"},"rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["get","list","watch"]}]}'
  local binding='{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"podtrail-test-reader"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"podtrail-test-reader"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"'"$READER_USER"'"}]}'
  local code
  code="$(api POST /apis/rbac.authorization.k8s.io/v1/clusterroles "$role")"
  [[ "$code" == 201 || "$code" == 409 ]] || fail_start "creating the reader's ClusterRole answered HTTP $code"
  code="$(api POST /apis/rbac.authorization.k8s.io/v1/clusterrolebindings "$binding")"
  [[ "$code" == 201 || "$code" == 409 ]] || fail_start "creating the reader's ClusterRoleBinding answered HTTP $code"
}

print_env() {
  printf '{"url":"%s","ca":"%s","adminToken":"%s","readerToken":"%s","kubeconfigPath":"%s","readerKubeconfigPath":"%s","etcdUrl":"%s","runDir":"%s","version":"v%s"}\n' \
    "$API_URL" "$TLS_DIR/ca.crt" "$(token_of "$ADMIN_USER")" "$(token_of "$READER_USER")" \
    "$ADMIN_KUBECONFIG" "$READER_KUBECONFIG" "$ETCD_URL" "$RUN_DIR" "$K8S_VERSION"
}

# With PODTRAIL_K8S_OWNER_PID, the pair is stopped (and with PODTRAIL_K8S_REMOVE_ON_EXIT=1 its run
# directory deleted) once that process is gone: a test run that crashes leaves nothing behind.
ensure_watchdog() {
  local owner="${PODTRAIL_K8S_OWNER_PID:-}"
  [[ -n "$owner" ]] || return 0
  local pid
  pid="$(read_pid "$WATCHDOG_PID")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && return 0
  nohup setsid bash "$SELF" _watchdog "$owner" </dev/null >>"$RUN_DIR/watchdog.log" 2>&1 8>&- 9>&- &
  echo $! >"$WATCHDOG_PID"
}

cmd_watchdog() {
  local owner="$1"
  while kill -0 "$owner" 2>/dev/null && [[ -d "$RUN_DIR" ]]; do sleep 2; done
  [[ -d "$RUN_DIR" ]] || exit 0
  log "owner process $owner is gone: stopping"
  rm -f "$WATCHDOG_PID"
  take_lock
  stop_all
  if [[ "${PODTRAIL_K8S_REMOVE_ON_EXIT:-}" == 1 ]]; then safe_remove_run_dir; fi
}

stop_one() { # stop_one <name> <pid file> <binary>
  local pid
  pid="$(read_pid "$2")"
  if [[ -z "$pid" ]] || ! pid_alive "$2" "$3"; then
    rm -f "$2"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$1 still alive after 15s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$2"
  log "stopped $1 (pid $pid)"
}

stop_all() {
  stop_one kube-apiserver "$APISERVER_PID" "$APISERVER_BIN"
  stop_one etcd "$ETCD_PID" "$ETCD_BIN"
}

stop_watchdog() {
  local pid
  pid="$(read_pid "$WATCHDOG_PID")"
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; fi
  rm -f "$WATCHDOG_PID"
}

safe_remove_run_dir() {
  case "$RUN_DIR" in
    "" | "/" | "$HOME" | "$CACHE_ROOT" | "$BIN_DIR") die "refusing to delete PODTRAIL_K8S_RUN_DIR='$RUN_DIR'" ;;
  esac
  rm -rf "$RUN_DIR"
}

# ---------------------------------------------------------------- commands ---

# Serialises start/stop/restart of one run directory (parallel test files share one instance).
take_lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/.lock"
  flock -w "$((START_TIMEOUT + 60))" 9 || die "could not lock $RUN_DIR/.lock"
}

running() { pid_alive "$ETCD_PID" "$ETCD_BIN" && pid_alive "$APISERVER_PID" "$APISERVER_BIN"; }

cmd_start() {
  binaries_ok || die "kube-apiserver v$K8S_VERSION is not built: run '$SELF build' first (cold: 10+ minutes)"
  need curl "checks readiness and grants the reader's role"
  load_ports
  if running && apiserver_ready; then
    ensure_watchdog
    print_env
    return 0
  fi
  ensure_tls
  ensure_tokens
  write_kubeconfig "$ADMIN_KUBECONFIG" "$ADMIN_USER" "$(token_of "$ADMIN_USER")"
  write_kubeconfig "$READER_KUBECONFIG" "$READER_USER" "$(token_of "$READER_USER")"
  local started=$SECONDS
  log "starting etcd v$ETCD_VERSION on $ETCD_URL and kube-apiserver v$K8S_VERSION on $API_URL (run dir $RUN_DIR)"
  start_etcd
  start_apiserver
  grant_reader
  ensure_watchdog
  log "ready in $((SECONDS - started))s (etcd pid $(read_pid "$ETCD_PID"), kube-apiserver pid $(read_pid "$APISERVER_PID"))"
  print_env
}

cmd_stop() {
  [[ "${1:-}" == keep-watchdog ]] || stop_watchdog
  stop_all
}

cmd_env() {
  [[ -f "$PORTS_FILE" && -f "$TOKENS_FILE" ]] || { log "no instance in $RUN_DIR"; exit 3; }
  load_ports
  running || { log "not running (start it with '$SELF start')"; exit 3; }
  print_env
}

cmd_status() {
  if [[ -f "$PORTS_FILE" ]]; then load_ports; fi
  if running; then
    echo "running url=${API_URL:-?} etcd=${ETCD_URL:-?} kube-apiserver pid=$(read_pid "$APISERVER_PID") etcd pid=$(read_pid "$ETCD_PID") run dir=$RUN_DIR"
    return 0
  fi
  echo "stopped (run dir $RUN_DIR)"
  return 3
}

cmd_built() {
  if binaries_ok; then
    echo "$BIN_DIR"
    return 0
  fi
  echo "not built: $BIN_DIR" >&2
  return 3
}

usage() {
  cat >&2 <<EOF
usage: $0 {build|built|start|stop|restart|status|env|reset|logs}
  build    build kube-apiserver v$K8S_VERSION and etcd v$ETCD_VERSION into $BIN_DIR (cached)
  built    exit 0 when both binaries are there and report their versions
  start    start etcd and kube-apiserver on loopback, wait for /readyz, print the connection as JSON
  stop     stop both (SIGTERM, SIGKILL after 15s); data, keys and tokens stay in the run dir
  restart  stop and start again: same URL, tokens and stored objects
  status   print state (exit 0 running, 3 stopped)
  env      print the running instance's connection JSON again
  reset    stop and delete the run dir ($RUN_DIR)
  logs     tail kube-apiserver's log (logs etcd: etcd's)
Environment: PODTRAIL_K8S_CACHE, PODTRAIL_K8S_RUN_DIR, PODTRAIL_K8S_PORT, PODTRAIL_ETCD_PORT,
  PODTRAIL_ETCD_PEER_PORT (free ports are picked otherwise), PODTRAIL_K8S_START_TIMEOUT,
  PODTRAIL_K8S_APISERVER_ARGS / PODTRAIL_ETCD_ARGS (extra flags), PODTRAIL_K8S_OWNER_PID.
EOF
}

case "${1:-}" in
  build) cmd_build ;;
  built) cmd_built ;;
  start) take_lock; cmd_start ;;
  stop) take_lock; cmd_stop ;;
  restart) take_lock; cmd_stop keep-watchdog; cmd_start ;;
  status) cmd_status ;;
  env) cmd_env ;;
  reset) take_lock; cmd_stop; safe_remove_run_dir; log "deleted $RUN_DIR" ;;
  logs) if [[ "${2:-}" == etcd ]]; then tail -n 100 "$ETCD_LOG"; else tail -n 100 "$APISERVER_LOG"; fi ;;
  _watchdog) cmd_watchdog "$2" ;;
  -h | --help | help) usage ;;
  *) usage; exit 2 ;;
esac
