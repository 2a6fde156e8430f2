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
  cat >"$BROKER_LOG4J" <<EOF
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
# one INFO line when the server is up
log4j.logger.kafka.server.KafkaRaftServer=INFO
EOF
  cat >"$TOOLS_LOG4J" <<EOF
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

# ------------------------------------------------------------ 3-node cluster ---
# `kafka.sh cluster ...`: three KRaft nodes (broker+controller each, a 3-voter quorum) on loopback,
# for tests that lose a broker. Own ports, data dirs and cluster id: the single dev broker above is
# never touched. Node n (1..3) listens on KAFKA_CLUSTER_BASE_PORT + 2(n-1) (clients) and the next
# port (controller).

KAFKA_CLUSTER_NODES=3
KAFKA_CLUSTER_BASE_PORT="${KAFKA_CLUSTER_BASE_PORT:-29092}"
KAFKA_CLUSTER_DATA_DIR="${KAFKA_CLUSTER_DATA_DIR:-$REPO_ROOT/.kafka-cluster-data}"
KAFKA_CLUSTER_ID_3="${KAFKA_CLUSTER_ID_3:-YXBtLWthZmthLWNsdXN0ZXI}"
KAFKA_CLUSTER_HEAP_OPTS="${KAFKA_CLUSTER_HEAP_OPTS:--Xms64m -Xmx512m}"
# How long the controllers wait for a silent broker before they fence it and move its leaderships.
KAFKA_CLUSTER_SESSION_TIMEOUT_MS="${KAFKA_CLUSTER_SESSION_TIMEOUT_MS:-6000}"
CLUSTER_READINESS_TOPIC=__apm_cluster_readiness

node_port() { echo $((KAFKA_CLUSTER_BASE_PORT + 2 * ($1 - 1))); }
node_controller_port() { echo $((KAFKA_CLUSTER_BASE_PORT + 2 * ($1 - 1) + 1)); }
node_dir() { echo "$KAFKA_CLUSTER_DATA_DIR/node-$1"; }
node_pid_file() { echo "$(node_dir "$1")/kafka.pid"; }
node_log_file() { echo "$(node_dir "$1")/kafka.log"; }
node_props() { echo "$(node_dir "$1")/server.properties"; }

cluster_bootstrap() {
  local n list=""
  for ((n = 1; n <= KAFKA_CLUSTER_NODES; n++)); do list+="${list:+,}$KAFKA_HOST:$(node_port "$n")"; done
  echo "$list"
}

cluster_voters() {
  local n list=""
  for ((n = 1; n <= KAFKA_CLUSTER_NODES; n++)); do list+="${list:+,}$n@$KAFKA_HOST:$(node_controller_port "$n")"; done
  echo "$list"
}

check_node() { [[ "$1" =~ ^[1-9][0-9]*$ ]] && (($1 <= KAFKA_CLUSTER_NODES)) || die "node must be 1..$KAFKA_CLUSTER_NODES, got '$1'"; }

node_pid() { local f; f="$(node_pid_file "$1")"; [[ -f "$f" ]] && tr -dc '0-9' <"$f" || true; }

node_alive() {
  local pid
  pid="$(node_pid "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $(node_props "$1")" || return 1
  fi
}

write_node_config() {
  local n=$1 dir
  dir="$(node_dir "$n")"
  mkdir -p "$dir/kraft-logs"
  cat >"$(node_props "$n")" <<CONF
# Generated by deploy/kafka/kafka.sh cluster - edits are overwritten on start.
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(cluster_voters)
listeners=PLAINTEXT://$KAFKA_HOST:$(node_port "$n"),CONTROLLER://$KAFKA_HOST:$(node_controller_port "$n")
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$(node_port "$n")
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/kraft-logs
num.partitions=$KAFKA_PARTITIONS
default.replication.factor=3
min.insync.replicas=2
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=3
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
broker.session.timeout.ms=$KAFKA_CLUSTER_SESSION_TIMEOUT_MS
broker.heartbeat.interval.ms=1000
replica.lag.time.max.ms=10000
# a restarted node takes its partitions back soon, so tests can kill the same leader again
leader.imbalance.check.interval.seconds=10
message.max.bytes=10485760
replica.fetch.max.bytes=10485760
num.network.threads=2
num.io.threads=2
num.replica.fetchers=1
num.recovery.threads.per.data.dir=1
log.retention.hours=24
log.segment.bytes=67108864
CONF
  cat >"$dir/log4j.properties" <<CONF
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
CONF
  cat >"$KAFKA_CLUSTER_DATA_DIR/tools-log4j.properties" <<CONF
log4j.rootLogger=ERROR, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
CONF
}

cluster_tool() { # cluster_tool <main-class> args...
  # shellcheck disable=SC2086
  "$JAVA" $KAFKA_TOOL_JVM_OPTS -Dlog4j.configuration="file:$KAFKA_CLUSTER_DATA_DIR/tools-log4j.properties" \
    -cp "$LIBS_DIR/*" "$@"
}

launch_node() {
  local n=$1 dir log
  dir="$(node_dir "$n")"
  log="$(node_log_file "$n")"
  write_node_config "$n"
  if [[ -f "$log" ]]; then mv -f "$log" "$log.1"; fi
  if [[ ! -f "$dir/kraft-logs/meta.properties" ]]; then
    cluster_tool kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID_3" -c "$(node_props "$n")" --ignore-formatted \
      >>"$log" 2>&1 || { tail -n 30 "$log" >&2; die "storage format of node $n failed"; }
  fi
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # shellcheck disable=SC2086
  nohup "${launcher[@]}" "$JAVA" $KAFKA_CLUSTER_HEAP_OPTS $KAFKA_JVM_OPTS \
    -Dlog4j.configuration="file:$dir/log4j.properties" \
    -Dkafka.logs.dir="$dir" \
    -cp "$LIBS_DIR/*" kafka.Kafka "$(node_props "$n")" \
    </dev/null >>"$log" 2>&1 9>&- &
  echo $! >"$(node_pid_file "$n")"
  log "node $n starting (pid $!) on $KAFKA_HOST:$(node_port "$n")"
}

cluster_fail() {
  local n
  log "cluster did not become ready: $1"
  for ((n = 1; n <= KAFKA_CLUSTER_NODES; n++)); do
    log "---- last lines of $(node_log_file "$n") ----"
    tail -n 15 "$(node_log_file "$n")" >&2 2>/dev/null || true
  done
  exit 1
}

# Waits for the listed nodes' ports, then produces with acks=all to every partition of a topic
# whose partition p is led (preferred) by node p+1: each node has taken a replicated write.
cluster_wait_ready() {
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) n
  for n in "$@"; do
    while ! port_open "$(node_port "$n")"; do
      node_alive "$n" || cluster_fail "node $n exited"
      ((SECONDS < deadline)) || cluster_fail "port $(node_port "$n") not open after ${KAFKA_START_TIMEOUT}s"
      sleep 0.1
    done
  done
  local bootstrap assignment="" p
  bootstrap="$(cluster_bootstrap)"
  for ((p = 0; p < KAFKA_CLUSTER_NODES; p++)); do
    local a=$((p + 1)) b=$(((p + 1) % KAFKA_CLUSTER_NODES + 1)) c=$(((p + 2) % KAFKA_CLUSTER_NODES + 1))
    assignment+="${assignment:+,}$a:$b:$c"
  done
  local out="$KAFKA_CLUSTER_DATA_DIR/readiness.out"
  local max_block=$(((deadline - SECONDS + 5) * 1000))
  ((max_block > 5000)) || max_block=5000
  # created once per data dir; the create retries until the quorum has a leader and the brokers registered
  if [[ ! -f "$KAFKA_CLUSTER_DATA_DIR/.readiness-topic" ]]; then
    until cluster_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --create --if-not-exists \
      --topic "$CLUSTER_READINESS_TOPIC" --replica-assignment "$assignment" >"$out" 2>&1; do
      ((SECONDS < deadline)) || { cat "$out" >&2; cluster_fail "could not create $CLUSTER_READINESS_TOPIC"; }
      sleep 0.5
    done
    touch "$KAFKA_CLUSTER_DATA_DIR/.readiness-topic"
  fi
  local console_producer=kafka.tools.ConsoleProducer
  [[ "$KAFKA_VERSION" == [0-3].* ]] || console_producer=org.apache.kafka.tools.ConsoleProducer
  # Round robin over the 3 partitions (6 records: every partition gets at least one).
  # shellcheck disable=SC2086
  printf 'ready %s\n' 1 2 3 4 5 6 | cluster_tool "$console_producer" --bootstrap-server "$bootstrap" --topic "$CLUSTER_READINESS_TOPIC" \
    --sync --request-required-acks all \
    --producer-property "partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner" \
    --producer-property "max.block.ms=$max_block" \
    --producer-property "delivery.timeout.ms=$max_block" \
    --producer-property "request.timeout.ms=5000" \
    --producer-property "retry.backoff.ms=100" \
    --producer-property "reconnect.backoff.ms=100" \
    --producer-property "reconnect.backoff.max.ms=500" \
    >"$out" 2>&1 9>&- || { tail -n 20 "$out" >&2; cluster_fail "readiness produce failed"; }
  rm -f "$out"
  for n in "$@"; do node_alive "$n" || cluster_fail "node $n exited"; done
}

cluster_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p "$KAFKA_CLUSTER_DATA_DIR"
  exec 9>"$KAFKA_CLUSTER_DATA_DIR/.lock"
  flock -w 120 9 || die "could not lock $KAFKA_CLUSTER_DATA_DIR/.lock"
}

cluster_start() {
  local n started=()
  is_installed || cmd_install
  need "$JAVA" "Java 11+ required, 17 recommended"
  mkdir -p "$KAFKA_CLUSTER_DATA_DIR"
  for ((n = 1; n <= KAFKA_CLUSTER_NODES; n++)); do
    if node_alive "$n"; then continue; fi
    rm -f "$(node_pid_file "$n")"
    port_open "$(node_port "$n")" && die "port $(node_port "$n") is in use by another process (set KAFKA_CLUSTER_BASE_PORT)"
    port_open "$(node_controller_port "$n")" \
      && die "port $(node_controller_port "$n") is in use by another process (set KAFKA_CLUSTER_BASE_PORT)"
    started+=("$n")
  done
  for n in "${started[@]}"; do launch_node "$n"; done
  cluster_wait_ready $(seq 1 "$KAFKA_CLUSTER_NODES")
  log "cluster ready (${#started[@]} node(s) started)"
  cluster_bootstrap
}

stop_node() { # stop_node <n> <TERM|KILL>
  local n=$1 sig=$2 pid i
  pid="$(node_pid "$n")"
  if [[ -z "$pid" ]] || ! node_alive "$n"; then
    rm -f "$(node_pid_file "$n")"
    return 0
  fi
  kill -"$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$(node_pid_file "$n")"
  log "node $n stopped (SIG$sig, pid $pid)"
}

cluster_stop() {
  local n pids=()
  # SIGTERM to all at once: stopping one by one makes the last ones wait for a quorum that left
  for ((n = 1; n <= KAFKA_CLUSTER_NODES; n++)); do stop_node "$n" TERM & pids+=($!); done
  wait "${pids[@]}" 2>/dev/null || true
}

cluster_status() {
  local n up=0
  for ((n = 1; n <= KAFKA_CLUSTER_NODES; n++)); do
    if node_alive "$n" && port_open "$(node_port "$n")"; then
      echo "node $n running pid=$(node_pid "$n") $KAFKA_HOST:$(node_port "$n")"
      up=$((up + 1))
    else
      echo "node $n stopped"
    fi
  done
  echo "bootstrap=$(cluster_bootstrap) data=$KAFKA_CLUSTER_DATA_DIR"
  ((up == KAFKA_CLUSTER_NODES)) && return 0
  ((up > 0)) && return 4
  return 3
}

cluster_reset() {
  case "$KAFKA_CLUSTER_DATA_DIR" in
    "" | "/" | "$HOME" | "$REPO_ROOT" | "$KAFKA_DATA_DIR") die "refusing to delete KAFKA_CLUSTER_DATA_DIR='$KAFKA_CLUSTER_DATA_DIR'" ;;
  esac
  cluster_stop
  rm -rf "$KAFKA_CLUSTER_DATA_DIR"
  log "deleted $KAFKA_CLUSTER_DATA_DIR"
}

cmd_cluster() {
  local sub="${1:-}"
  shift || true
  case "$sub" in
    start) cluster_lock; cluster_start ;;
    stop) cluster_lock; cluster_stop ;;
    status) cluster_status ;;
    reset) cluster_lock; cluster_reset ;;
    bootstrap) cluster_bootstrap ;;
    # kill <n>: SIGKILL node n (no clean shutdown, like a lost machine); prints its pid
    kill) check_node "${1:-}"; local pid; pid="$(node_pid "$1")"; stop_node "$1" KILL; echo "$pid" ;;
    # restart <n>: start node n again (after kill) and wait until the cluster takes writes
    restart) check_node "${1:-}"; cluster_lock; node_alive "$1" && stop_node "$1" TERM
      launch_node "$1"; cluster_wait_ready "$1"; log "node $1 back"; cluster_bootstrap ;;
    pid) check_node "${1:-}"; node_pid "$1" ;;
    logs) check_node "${1:-}"; tail -n "${2:-100}" "$(node_log_file "$1")" ;;
    *) usage; exit 2 ;;
  esac
}

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
