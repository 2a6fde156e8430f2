#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, broker+controller) on loopback, for dev and CI.
# The broker is assembled from the official Kafka jars on Maven Central (resolved
# with `mvn`), no tarball download needed. See deploy/kafka/README.md.
#
# Usage: deploy/kafka/kafka.sh install|start|stop|restart|status|reset|logs|endpoints
#        deploy/kafka/kafka.sh cluster start|stop|status|reset|bootstrap|kill <n>|restart <n>|pid <n>|logs <n>
set -euo pipefail

# Kafka 3.9.x on purpose: kafkajs 2.2.4 (the collector's client) speaks old protocol versions that
# Kafka 4 removed. KAFKA_VERSION=4.x starts a Kafka 4 broker (the agent's producer speaks it).
KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
KAFKA_SCALA_VERSION="${KAFKA_SCALA_VERSION:-2.13}"
# reload4j binding shipped with the Kafka 3.9 distribution (log4j 1.x API).
SLF4J_VERSION="${KAFKA_SLF4J_VERSION:-1.7.36}"
RELOAD4J_VERSION="${KAFKA_RELOAD4J_VERSION:-1.2.25}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KAFKA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_PARTITIONS="${KAFKA_PARTITIONS:-4}"
# Two more listeners on the same broker, so clients' SASL and TLS paths are tested for real:
# SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and SSL (a self-signed certificate made here).
KAFKA_SASL_PORT="${KAFKA_SASL_PORT:-$((KAFKA_PORT + 2))}"
KAFKA_TLS_PORT="${KAFKA_TLS_PORT:-$((KAFKA_PORT + 3))}"
KAFKA_SASL_USER="${KAFKA_SASL_USER:-podtrail}"
KAFKA_SASL_PASSWORD="${KAFKA_SASL_PASSWORD:-podtrail-dev-secret}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$REPO_ROOT/.kafka-data}"
KAFKA_HOME_CACHE="${KAFKA_HOME_CACHE:-$HOME/.cache/apm-kafka}"
# Any valid base64url 16-byte UUID; fixed so formatting needs no extra JVM launch.
KAFKA_CLUSTER_ID="${KAFKA_CLUSTER_ID:-YXBtLWthZmthLWRldi0wMQ}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}"
KAFKA_TOOL_JVM_OPTS="${KAFKA_TOOL_JVM_OPTS:--Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto}"
READINESS_TOPIC=__apm_readiness

CACHE_DIR="$KAFKA_HOME_CACHE/$KAFKA_VERSION"
LIBS_DIR="$CACHE_DIR/libs"
INSTALL_MARKER="$CACHE_DIR/.install-complete"

CONF_DIR="$KAFKA_DATA_DIR/config"
LOG_DIRS="$KAFKA_DATA_DIR/kraft-logs"
SERVER_PROPS="$CONF_DIR/server.properties"
BROKER_LOG4J="$CONF_DIR/log4j.properties"
TOOLS_LOG4J="$CONF_DIR/tools-log4j.properties"
PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
TLS_DIR="$KAFKA_DATA_DIR/tls"
SCRAM_MARKER="$KAFKA_DATA_DIR/.scram-users"
LOG_FILE="$KAFKA_DATA_DIR/kafka.log"
BOOTSTRAP="$KAFKA_HOST:$KAFKA_PORT"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { printf '[kafka] %s\n' "$*" >&2; }
die() { printf '[kafka] ERROR: %s\n' "$*" >&2; exit 1; }

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found in PATH ($2)"; }

# ---------------------------------------------------------------- install ---

is_installed() {
  [[ -f "$INSTALL_MARKER" && -f "$LIBS_DIR/kafka_${KAFKA_SCALA_VERSION}-${KAFKA_VERSION}.jar" ]]
}

write_pom() {
  cat >"$1/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.apm</groupId>
  <artifactId>apm-kafka-runtime</artifactId>
  <version>${KAFKA_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <!-- broker (kafka.Kafka), StorageTool, ConsoleProducer; pulls server/raft/metadata/storage -->
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_${KAFKA_SCALA_VERSION}</artifactId>
      <version>${KAFKA_VERSION}</version>
    </dependency>
    <!-- org.apache.kafka.tools.* (TopicCommand, ProducerPerformance, ...), minus Connect -->
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>${KAFKA_VERSION}</version>
      <exclusions>
        <exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion>
        <exclusion><groupId>com.fasterxml.jackson.jaxrs</groupId><artifactId>jackson-jaxrs-json-provider</artifactId></exclusion>
      </exclusions>
    </dependency>
    <!-- logging backend, as in the official distribution -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>${SLF4J_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>ch.qos.reload4j</groupId>
      <artifactId>reload4j</artifactId>
      <version>${RELOAD4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
EOF
}

cmd_install() {
  if is_installed; then
    log "Kafka $KAFKA_VERSION already installed in $LIBS_DIR"
    return 0
  fi
  need mvn "needed once to fetch the Kafka jars"
  need "$JAVA" "Java 11+ required, 17 recommended"
  mkdir -p "$CACHE_DIR"
  local work
  work="$(mktemp -d "$CACHE_DIR/.install.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  write_pom "$work"
  log "resolving org.apache.kafka:kafka_${KAFKA_SCALA_VERSION}:$KAFKA_VERSION + runtime deps with mvn ..."
  # shellcheck disable=SC2086
  if ! (cd "$work" && mvn -B -q ${KAFKA_MVN_OPTS:-} \
        dependency:copy-dependencies \
        -DincludeScope=runtime \
        -DoutputDirectory="$work/libs" >"$work/mvn.log" 2>&1); then
    tail -n 40 "$work/mvn.log" >&2 || true
    die "mvn failed to resolve Kafka $KAFKA_VERSION"
  fi
  [[ -f "$work/libs/kafka_${KAFKA_SCALA_VERSION}-${KAFKA_VERSION}.jar" ]] \
    || die "kafka_${KAFKA_SCALA_VERSION}-${KAFKA_VERSION}.jar missing after resolution"
  # Publish atomically (a concurrent install may have won the race: keep theirs).
  if ! is_installed; then
    rm -rf "$LIBS_DIR"
    mv "$work/libs" "$LIBS_DIR"
    (cd "$LIBS_DIR" && ls -1 *.jar) >"$INSTALL_MARKER"
  fi
  rm -rf "$work"
  trap - EXIT
  log "installed $(wc -l <"$INSTALL_MARKER") jars into $LIBS_DIR"
}

# ------------------------------------------------------------- run helpers ---

port_open() { (exec 3<>"/dev/tcp/$KAFKA_HOST/$1") 2>/dev/null; }

read_pid() { [[ -f "$PID_FILE" ]] && tr -dc '0-9' <"$PID_FILE" || true; }

# True if the pid file points at a live kafka.Kafka process using our config.
pid_alive() {
  local pid
  pid="$(read_pid)"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $SERVER_PROPS" || return 1
  fi
}

# A self-signed certificate for 127.0.0.1/localhost in a PKCS#12 key store (made with the JDK's
# keytool, so nothing beyond Java is needed); clients trust $TLS_DIR/ca.pem.
ensure_tls_material() {
  [[ -f "$TLS_DIR/broker.p12" && -f "$TLS_DIR/ca.pem" ]] && return 0
  local keytool="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
  need "$keytool" "comes with the JDK; makes the TLS listener's certificate"
  rm -rf "$TLS_DIR" && mkdir -p "$TLS_DIR"
  "$keytool" -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 -dname "CN=localhost" \
    -ext "SAN=ip:127.0.0.1,dns:localhost" -keystore "$TLS_DIR/broker.p12" -storetype PKCS12 \
    -storepass "$KAFKA_SASL_PASSWORD" >/dev/null 2>&1 || die "keytool could not make the TLS certificate"
  "$keytool" -exportcert -rfc -alias broker -keystore "$TLS_DIR/broker.p12" -storepass "$KAFKA_SASL_PASSWORD" \
    -file "$TLS_DIR/ca.pem" >/dev/null 2>&1 || die "keytool could not export the TLS certificate"
}

# SCRAM credentials live in the cluster metadata: created once per data directory, one mechanism
# per request (the broker refuses two changes to one user in the same request).
ensure_scram_user() {
  [[ -f "$SCRAM_MARKER" ]] && return 0
  local mechanism
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
    run_tool kafka.admin.ConfigCommand --bootstrap-server "$BOOTSTRAP" --alter --entity-type users --entity-name "$KAFKA_SASL_USER" \
      --add-config "$mechanism=[password=$KAFKA_SASL_PASSWORD]" >>"$LOG_FILE" 2>&1 \
      || fail_start "could not create the $mechanism user $KAFKA_SASL_USER"
  done
  touch "$SCRAM_MARKER"
}

write_config() {
  mkdir -p "$CONF_DIR" "$LOG_DIRS"
  ensure_tls_material
  cat >"$SERVER_PROPS" <<EOF
# Generated by deploy/kafka/kafka.sh - edits are overwritten on start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT,SASL_PLAINTEXT://$KAFKA_HOST:$KAFKA_SASL_PORT,SSL://$KAFKA_HOST:$KAFKA_TLS_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,SASL_PLAINTEXT://$KAFKA_HOST:$KAFKA_SASL_PORT,SSL://$KAFKA_HOST:$KAFKA_TLS_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$KAFKA_SASL_USER="$KAFKA_SASL_PASSWORD";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.ssl.ssl.keystore.type=PKCS12
listener.name.ssl.ssl.keystore.location=$TLS_DIR/broker.p12
listener.name.ssl.ssl.keystore.password=$KAFKA_SASL_PASSWORD
log.dirs=$LOG_DIRS
num.partitions=$KAFKA_PARTITIONS
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
message.max.bytes=10485760
replica.fetch.max.bytes=10485760
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
log.segment.bytes=67108864
EOF
  write_log4j "$BROKER_LOG4J" "$TOOLS_LOG4J"
}

# write_log4j <broker file> <tools file>: the broker logs warnings plus one INFO line when it is up;
# the command-line tools log errors only, to stderr (the dev broker and the test cluster alike).
write_log4j() {
  cat >"$1" <<EOF
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
EOF
  cat >"$2" <<EOF
log4j.rootLogger=ERROR, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

run_tool() { # run_tool <main-class> args...
  # shellcheck disable=SC2086
  "$JAVA" $KAFKA_TOOL_JVM_OPTS -Dlog4j.configuration="file:$TOOLS_LOG4J" \
    -cp "$LIBS_DIR/*" "$@"
}

format_storage() {
  if [[ -f "$LOG_DIRS/meta.properties" ]]; then
    return 0
  fi
  log "formatting KRaft storage in $LOG_DIRS (cluster id $KAFKA_CLUSTER_ID)"
  run_tool kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$SERVER_PROPS" --ignore-formatted \
    >>"$LOG_FILE" 2>&1 || { tail -n 30 "$LOG_FILE" >&2; die "storage format failed"; }
}

fail_start() {
  log "broker did not become ready: $1"
  log "---- last lines of $LOG_FILE ----"
  tail -n 40 "$LOG_FILE" >&2 2>/dev/null || true
  if pid_alive; then stop_broker >/dev/null 2>&1 || true; fi
  rm -f "$PID_FILE"
  exit 1
}

# Produces one record with acks=all to $READINESS_TOPIC (auto-created by the broker).
# The producer retries (short backoffs) until the broker accepts the write, so `start`
# only returns once the broker really takes produces.
wait_ready() {
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  local max_block=$(((KAFKA_START_TIMEOUT + 5) * 1000))
  local out="$KAFKA_DATA_DIR/readiness.out"
  # Cheap bash-side wait for the listener first: on 2 cores, starting the producer JVM
  # concurrently with the broker's startup only slows both down.
  while ! port_open "$KAFKA_PORT"; do
    pid_alive || fail_start "broker process exited"
    ((SECONDS < deadline)) || fail_start "port $KAFKA_PORT not open after ${KAFKA_START_TIMEOUT}s"
    sleep 0.1
  done
  # The console producer moved from core to the tools jar in Kafka 4.
  local console_producer=kafka.tools.ConsoleProducer
  [[ "$KAFKA_VERSION" == [0-3].* ]] || console_producer=org.apache.kafka.tools.ConsoleProducer
  # shellcheck disable=SC2086
  printf 'ready %s\n' "$(date +%s)" | "$JAVA" $KAFKA_TOOL_JVM_OPTS \
    -Dlog4j.configuration="file:$TOOLS_LOG4J" -cp "$LIBS_DIR/*" \
    "$console_producer" --bootstrap-server "$BOOTSTRAP" --topic "$READINESS_TOPIC" \
    --sync --request-required-acks all \
    --producer-property "max.block.ms=$max_block" \
    --producer-property "delivery.timeout.ms=$max_block" \
    --producer-property "request.timeout.ms=5000" \
    --producer-property "retry.backoff.ms=50" \
    --producer-property "retry.backoff.max.ms=200" \
    --producer-property "reconnect.backoff.ms=100" \
    --producer-property "reconnect.backoff.max.ms=250" \
    >"$out" 2>&1 9>&- &
  local prod_pid=$!
  local why=""
  while kill -0 "$prod_pid" 2>/dev/null; do
    if ! pid_alive; then why="broker process exited"; break; fi
    if ((SECONDS >= deadline)); then why="timed out after ${KAFKA_START_TIMEOUT}s"; break; fi
    sleep 0.1
  done
  if [[ -n "$why" ]]; then
    kill -KILL "$prod_pid" 2>/dev/null || true
    wait "$prod_pid" 2>/dev/null || true
    fail_start "$why"
  fi
  if ! wait "$prod_pid"; then
    tail -n 20 "$out" >&2 || true
    fail_start "readiness produce to $READINESS_TOPIC failed"
  fi
  rm -f "$out"
  pid_alive || fail_start "broker process exited"
}

stop_broker() {
  local pid
  pid="$(read_pid)"
  if [[ -z "$pid" ]] || ! pid_alive; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping broker (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

# ---------------------------------------------------------------- commands ---

# Serialises start/stop/reset of the same data dir (e.g. parallel CI steps).
take_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p "$KAFKA_DATA_DIR"
  exec 9>"$KAFKA_DATA_DIR/.lock"
  flock -w 120 9 || die "could not lock $KAFKA_DATA_DIR/.lock"
}

cmd_start() {
  if pid_alive; then
    if port_open "$KAFKA_PORT"; then
      log "already running (pid $(read_pid))"
      echo "$BOOTSTRAP"
      return 0
    fi
    log "broker process $(read_pid) exists but port $KAFKA_PORT is closed; waiting for it"
    wait_ready
    echo "$BOOTSTRAP"
    return 0
  fi
  rm -f "$PID_FILE"
  if port_open "$KAFKA_PORT"; then
    die "port $KAFKA_PORT is already in use by another process (set KAFKA_PORT)"
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "port $KAFKA_CONTROLLER_PORT is already in use by another process (set KAFKA_CONTROLLER_PORT)"
  fi
  if port_open "$KAFKA_SASL_PORT"; then
    die "port $KAFKA_SASL_PORT is already in use by another process (set KAFKA_SASL_PORT)"
  fi
  if port_open "$KAFKA_TLS_PORT"; then
    die "port $KAFKA_TLS_PORT is already in use by another process (set KAFKA_TLS_PORT)"
  fi
  is_installed || cmd_install
  need "$JAVA" "Java 11+ required, 17 recommended"
  write_config
  # keep the previous run's log as kafka.log.1
  if [[ -f "$LOG_FILE" ]]; then mv -f "$LOG_FILE" "$LOG_FILE.1"; fi
  format_storage
  log "starting Kafka $KAFKA_VERSION on $BOOTSTRAP (data: $KAFKA_DATA_DIR)"
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # shellcheck disable=SC2086
  nohup "${launcher[@]}" "$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS \
    -Dlog4j.configuration="file:$BROKER_LOG4J" \
    -Dkafka.logs.dir="$KAFKA_DATA_DIR" \
    -cp "$LIBS_DIR/*" kafka.Kafka "$SERVER_PROPS" \
    </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  echo $! >"$PID_FILE"
  wait_ready
  ensure_scram_user
  log "ready (pid $(read_pid))"
  echo "$BOOTSTRAP"
}

# The secured listeners, for tests and for trying a client's SASL or TLS settings by hand.
cmd_endpoints() {
  printf '{"plaintext":"%s","sasl":"%s:%s","tls":"%s:%s","caFile":"%s","username":"%s","password":"%s"}\n' \
    "$BOOTSTRAP" "$KAFKA_HOST" "$KAFKA_SASL_PORT" "$KAFKA_HOST" "$KAFKA_TLS_PORT" "$TLS_DIR/ca.pem" \
    "$KAFKA_SASL_USER" "$KAFKA_SASL_PASSWORD"
}

cmd_status() {
  if pid_alive && port_open "$KAFKA_PORT"; then
    echo "running pid=$(read_pid) bootstrap=$BOOTSTRAP data=$KAFKA_DATA_DIR"
    return 0
  elif pid_alive; then
    echo "starting pid=$(read_pid) (port $KAFKA_PORT not open yet)"
    return 0
  fi
  echo "stopped"
  return 3
}

cmd_reset() {
  case "$KAFKA_DATA_DIR" in
    "" | "/" | "$HOME" | "$REPO_ROOT") die "refusing to delete KAFKA_DATA_DIR='$KAFKA_DATA_DIR'" ;;
  esac
  take_lock
  stop_broker
  rm -rf "$KAFKA_DATA_DIR"
  log "deleted $KAFKA_DATA_DIR"
}

# The 3-node test cluster (`kafka.sh cluster ...`) lives in its own file; it uses the helpers above.
# shellcheck source=kafka-cluster.sh
source "$SCRIPT_DIR/kafka-cluster.sh"

usage() {
  cat >&2 <<EOF
usage: $0 {install|start|stop|restart|status|reset|logs|endpoints}
  install  fetch Kafka $KAFKA_VERSION jars with mvn into $LIBS_DIR (cached)
  start    start the broker on $BOOTSTRAP and wait until it accepts a produce
  stop     stop the broker (SIGTERM, SIGKILL after 30s)
  status   print state (exit 0 running, 3 stopped)
  reset    stop and delete $KAFKA_DATA_DIR
  endpoints  print the SASL and TLS listeners, CA file and dev credentials as JSON
  logs     tail the broker log
  cluster start|stop|status|reset|bootstrap
           a 3-node KRaft cluster on $KAFKA_HOST:$KAFKA_CLUSTER_BASE_PORT,+2,+4 (replication 3,
           min.insync.replicas 2), data in $KAFKA_CLUSTER_DATA_DIR; start prints the bootstrap list
  cluster kill <n>|restart <n>|pid <n>|logs <n> [lines]
           SIGKILL node n (prints its pid) / start it again and wait for writes / its pid / its log
EOF
}

case "${1:-}" in
  install) cmd_install ;;
  start) take_lock; cmd_start ;;
  stop) take_lock; stop_broker ;;
  restart) take_lock; stop_broker; cmd_start ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  logs) tail -n "${2:-100}" "$LOG_FILE" ;;
  endpoints) cmd_endpoints ;;
  cluster) shift; cmd_cluster "$@" ;;
  -h | --help | help) usage ;;
  *) usage; exit 2 ;;
esac
