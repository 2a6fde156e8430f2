#!/usr/bin/env bash
# Private PostgreSQL, MariaDB and Redis servers on loopback, from Debian's packages, for the agent's
# database integration tests and for trying the agent by hand. Each server gets its own data directory,
# port and socket: the system's default instances (ports 5432, 3306, 6379) are never started, stopped
# or changed.
#
# Usage: deploy/databases/db.sh install [postgres|mariadb|redis|all]
#        deploy/databases/db.sh start|stop|restart|status|url|logs <postgres|mariadb|redis>
#
# `start` waits until the server answers a real query as the test user, then prints the connection URL
# as its last line (and only that on stdout). Starting a running server prints the URL again.
# MongoDB: Debian 12 has no MongoDB server package (`apt-cache policy mongodb-server mongodb` shows no
# candidate), and the npm helpers download server binaries at run time, which this project's machines
# cannot do; the mongodb instrumentation is therefore not tested against a server.
set -euo pipefail

SERVERS=(postgres mariadb redis)

# Root's home is closed to the postgres and mysql users, which must reach their data directory.
if [[ "$(id -u)" == 0 ]]; then default_dir=/var/lib/podtrail-db; else default_dir="$HOME/.cache/podtrail-db"; fi
DB_DIR="${PODTRAIL_DB_DIR:-$default_dir}"
DB_HOST=127.0.0.1
DB_USER="${PODTRAIL_DB_USER:-podtrail}"
DB_PASSWORD="${PODTRAIL_DB_PASSWORD:-podtrail-dev-secret}"
DB_NAME="${PODTRAIL_DB_NAME:-podtrail_test}"
POSTGRES_PORT="${PODTRAIL_POSTGRES_PORT:-25432}"
MARIADB_PORT="${PODTRAIL_MARIADB_PORT:-23306}"
REDIS_PORT="${PODTRAIL_REDIS_PORT:-26379}"
START_TIMEOUT="${PODTRAIL_DB_START_TIMEOUT:-60}"

log() { printf '[db] %s\n' "$*" >&2; }
die() { printf '[db] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [[ "$(id -u)" == 0 ]]; }

port_open() { (exec 3<>"/dev/tcp/$DB_HOST/$1") 2>/dev/null; }

# Percent-encodes a URL user-info part (the password may be overridden with anything).
urlencode() {
  local s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

sql_quote() { printf "'%s'" "${1//\'/\'\'}"; }

valid_name() {
  local n
  for n in "${SERVERS[@]}"; do [[ "$1" == "$n" ]] && return 0; done
  return 1
}

# ---------------------------------------------------------------- install ---

pg_bin() {
  local d
  d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]] && printf '%s' "$d"
}

# Debian puts server programs in /usr/sbin, which a non-root PATH may lack.
find_prog() {
  local p
  for p in "$@"; do
    if command -v "$p" >/dev/null 2>&1; then command -v "$p"; return 0; fi
    [[ -x "/usr/sbin/$p" ]] && { echo "/usr/sbin/$p"; return 0; }
  done
  return 1
}

installed() {
  case "$1" in
    postgres) [[ -n "$(pg_bin)" ]] && [[ -x "$(pg_bin)/psql" ]] ;;
    mariadb) find_prog mariadbd >/dev/null && find_prog mariadb-install-db >/dev/null && find_prog mariadb >/dev/null ;;
    redis) find_prog redis-server >/dev/null && find_prog redis-cli >/dev/null ;;
  esac
}

package_of() {
  case "$1" in
    postgres) echo postgresql ;;
    mariadb) echo mariadb-server ;;
    redis) echo redis-server ;;
  esac
}

has_candidate() { # (not `| grep -q`: with pipefail, apt-cache's SIGPIPE would fail the check)
  local policy
  policy="$(apt-cache policy "$1" 2>/dev/null || true)"
  [[ "$policy" == *"Candidate: "[^\(]* ]]
}

# dpkg's progress goes to a log; shown only when the install fails.
apt_install() {
  local out
  out="$(mktemp)"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$out" 2>&1; then
    rm -f "$out"
    return 0
  fi
  tail -n 30 "$out" >&2
  rm -f "$out"
  return 1
}

cmd_install() {
  local names=() missing=() n p
  case "${1:-all}" in
    all) names=("${SERVERS[@]}") ;;
    mongodb | mongo) die "MongoDB: Debian has no server package (apt-cache policy mongodb-server mongodb: no candidate)" ;;
    *) valid_name "$1" || die "unknown server '$1' (one of: ${SERVERS[*]}, all)"; names=("$1") ;;
  esac
  for n in "${names[@]}"; do installed "$n" || missing+=("$(package_of "$n")"); done
  if ((${#missing[@]} == 0)); then
    log "installed: ${names[*]}"
    return 0
  fi
  is_root || die "missing Debian packages ${missing[*]}: run as root, or apt-get install them"
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get here"
  # Package lists are fetched only when needed: a fresh machine may have none, or stale ones.
  local updated=0
  for p in "${missing[@]}"; do
    if ! has_candidate "$p"; then
      log "apt-get update (no candidate for $p)"
      apt-get update -qq >&2
      updated=1
      break
    fi
  done
  log "apt-get install ${missing[*]}"
  if ! apt_install "${missing[@]}"; then
    ((updated == 0)) || die "apt-get install ${missing[*]} failed"
    log "apt-get install failed; retrying after apt-get update"
    apt-get update -qq >&2
    apt_install "${missing[@]}" || die "apt-get install ${missing[*]} failed"
  fi
  for n in "${names[@]}"; do installed "$n" || die "$n still missing after installing $(package_of "$n")"; done
  log "installed: ${names[*]}"
}

# ---------------------------------------------------------------- helpers ---

# The postgres and mysql servers refuse to run as root: as root, they run as their package's user.
service_user() {
  if ! is_root; then id -un; return; fi
  case "$1" in
    postgres) echo postgres ;;
    mariadb) echo mysql ;;
    redis) id -un ;;
  esac
}

# As root, the server's user must reach its directory (root's home, for one, is closed to it).
check_reachable() { # check_reachable <user> <dir>
  as_user "$1" test -w "$2" -a -x "$2" \
    || die "user $1 cannot write to $2: set PODTRAIL_DB_DIR to a directory it can reach (default $default_dir)"
}

as_user() { # as_user <user> cmd...
  local user="$1"
  shift
  if [[ "$user" == "$(id -un)" ]]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

port_of() {
  case "$1" in
    postgres) echo "$POSTGRES_PORT" ;;
    mariadb) echo "$MARIADB_PORT" ;;
    redis) echo "$REDIS_PORT" ;;
  esac
}

url_of() {
  local auth
  auth="$(urlencode "$DB_USER"):$(urlencode "$DB_PASSWORD")"
  case "$1" in
    postgres) echo "postgresql://$auth@$DB_HOST:$POSTGRES_PORT/$DB_NAME" ;;
    mariadb) echo "mysql://$auth@$DB_HOST:$MARIADB_PORT/$DB_NAME" ;;
    redis) echo "redis://$auth@$DB_HOST:$REDIS_PORT/0" ;;
  esac
}

home_of() { echo "$DB_DIR/$1"; }
log_of() { echo "$DB_DIR/$1/server.log"; }

pid_file_of() {
  case "$1" in
    postgres) echo "$DB_DIR/postgres/data/postmaster.pid" ;;
    # written by this script (the server's own pid file is in run/, owned by the server's user)
    *) echo "$DB_DIR/$1/server.pid" ;;
  esac
}

read_pid() {
  local f
  f="$(pid_file_of "$1")"
  if [[ -f "$f" ]]; then head -n 1 "$f" | tr -dc '0-9'; fi
}

# True if the pid file points at a live process of this instance (its data directory or config on
# the command line), so a recycled pid or the system's instance is never taken for ours.
pid_alive() {
  local pid mark
  pid="$(read_pid "$1")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  case "$1" in
    postgres) mark="$DB_DIR/postgres/data" ;;
    mariadb) mark="--datadir=$DB_DIR/mariadb/data" ;;
    redis) mark=":$REDIS_PORT" ;;
  esac
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$mark"
}

take_lock() {
  [[ -d "$DB_DIR" ]] || { mkdir -p "$DB_DIR" && chmod 755 "$DB_DIR"; }
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$DB_DIR/.$1.lock"
  flock -w 180 9 || die "could not lock $DB_DIR/.$1.lock"
}

fail_start() { # fail_start <name> <why>
  log "$1 did not become ready: $2"
  log "---- last lines of $(log_of "$1") ----"
  tail -n 40 "$(log_of "$1")" >&2 2>/dev/null || true
  stop_server "$1" >/dev/null 2>&1 || true
  exit 1
}

# Retries `check` (a function name) until it succeeds, the server process is gone, or time runs out.
wait_until() { # wait_until <name> <deadline> <check> [args...]
  local name="$1" deadline="$2"
  shift 2
  until "$@" >/dev/null 2>&1; do
    pid_alive "$name" || fail_start "$name" "server process exited"
    ((SECONDS < deadline)) || fail_start "$name" "not ready after ${START_TIMEOUT}s"
    sleep 0.2
  done
}

# --------------------------------------------------------------- postgres ---

pg_run_dir() { echo "$DB_DIR/postgres/run"; }

pg_admin_sql() { # SQL as the superuser over the instance's own socket (local connections: trust)
  "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$(pg_run_dir)" -p "$POSTGRES_PORT" -U postgres -d postgres "$@"
}

pg_user_query() { "$(pg_bin)/psql" -X -q -At "$(url_of postgres)" -c 'SELECT 1' | grep -qx 1; }

start_postgres() {
  local bin user home data
  bin="$(pg_bin)"
  user="$(service_user postgres)"
  home="$(home_of postgres)"
  data="$home/data"
  mkdir -p "$home" "$(pg_run_dir)"
  chown "$user" "$home" "$(pg_run_dir)"
  check_reachable "$user" "$home"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    rm -rf "$data"
    mkdir -p "$data"
    chown "$user" "$data"
    log "initdb $data"
    as_user "$user" "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$home/initdb.log" 2>&1 || { cat "$home/initdb.log" >&2; die "initdb failed"; }
  fi
  touch "$(log_of postgres)" && chown "$user" "$(log_of postgres)"
  log "starting PostgreSQL ($bin) on $DB_HOST:$POSTGRES_PORT (data: $data)"
  # A test server: no fsync, small memory. Settings on the command line, so the data directory's
  # postgresql.conf stays as initdb wrote it.
  as_user "$user" "$bin/pg_ctl" start -D "$data" -l "$(log_of postgres)" -w -t "$START_TIMEOUT" -o \
    "-c listen_addresses=$DB_HOST -p $POSTGRES_PORT -k $(pg_run_dir) -c shared_buffers=32MB -c max_connections=50 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null 2>&1 9>&- || fail_start postgres "pg_ctl start failed"
}

ready_postgres() {
  local deadline=$((SECONDS + START_TIMEOUT))
  wait_until postgres "$deadline" pg_admin_sql -c 'SELECT 1'
  # Idempotent: the role's password is set again each start, the database created once.
  pg_admin_sql -f - >/dev/null <<EOF || fail_start postgres "could not create the test role and database"
SELECT format('CREATE ROLE %I LOGIN', $(sql_quote "$DB_USER"))
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = $(sql_quote "$DB_USER")) \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', $(sql_quote "$DB_USER"), $(sql_quote "$DB_PASSWORD")) \gexec
SELECT format('CREATE DATABASE %I OWNER %I', $(sql_quote "$DB_NAME"), $(sql_quote "$DB_USER"))
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = $(sql_quote "$DB_NAME")) \gexec
EOF
  wait_until postgres "$deadline" pg_user_query
}

stop_postgres() {
  as_user "$(service_user postgres)" "$(pg_bin)/pg_ctl" stop -D "$DB_DIR/postgres/data" -m fast -w -t 30 >/dev/null 2>&1
}

# ---------------------------------------------------------------- mariadb ---

maria_sock() { echo "$DB_DIR/mariadb/run/mariadb.sock"; }
# The administrator: root over the socket (unix_socket authentication matches the OS user).
maria_admin() { id -un; }

maria_admin_sql() {
  "$(find_prog mariadb)" --no-defaults --socket="$(maria_sock)" -u "$(maria_admin)" -N -B "$@"
}

maria_user_query() {
  MYSQL_PWD="$DB_PASSWORD" "$(find_prog mariadb)" --no-defaults --protocol=TCP -h "$DB_HOST" -P "$MARIADB_PORT" \
    -u "$DB_USER" -N -B "$DB_NAME" -e 'SELECT 1' | grep -qx 1
}

start_mariadb() {
  local user home data run
  user="$(service_user mariadb)"
  home="$(home_of mariadb)"
  data="$home/data"
  run="$home/run"
  mkdir -p "$home" "$run"
  chown "$user" "$home" "$run"
  check_reachable "$user" "$run"
  if [[ ! -d "$data/mysql" ]]; then
    rm -rf "$data"
    log "mariadb-install-db $data"
    "$(find_prog mariadb-install-db)" --no-defaults --user="$user" --datadir="$data" --skip-test-db \
      --skip-name-resolve --auth-root-authentication-method=socket >"$home/install-db.log" 2>&1 \
      || { cat "$home/install-db.log" >&2; die "mariadb-install-db failed"; }
  fi
  touch "$(log_of mariadb)" && chown "$user" "$(log_of mariadb)"
  log "starting MariaDB on $DB_HOST:$MARIADB_PORT (data: $data)"
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # --no-defaults: nothing from /etc/mysql, which configures the system's instance.
  nohup "${launcher[@]}" "$(find_prog mariadbd)" --no-defaults --user="$user" --datadir="$data" \
    --socket="$(maria_sock)" --pid-file="$run/mariadbd.pid" --port="$MARIADB_PORT" --bind-address="$DB_HOST" \
    --log-error="$(log_of mariadb)" --skip-name-resolve --skip-log-bin --performance-schema=OFF \
    --innodb-buffer-pool-size=32M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=2 \
    --max-connections=50 --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    </dev/null >>"$(log_of mariadb)" 2>&1 9>&- &
  # nohup and setsid exec: $! is mariadbd itself
  echo $! >"$(pid_file_of mariadb)"
}

ready_mariadb() {
  local deadline=$((SECONDS + START_TIMEOUT))
  wait_until mariadb "$deadline" maria_admin_sql -e 'SELECT 1'
  local u p d
  u="$(sql_quote "$DB_USER")"
  p="$(sql_quote "$DB_PASSWORD")"
  d="\`${DB_NAME//\`/\`\`}\`"
  maria_admin_sql -e "CREATE DATABASE IF NOT EXISTS $d;
    CREATE USER IF NOT EXISTS $u@'%' IDENTIFIED BY $p;
    ALTER USER $u@'%' IDENTIFIED BY $p;
    GRANT ALL ON $d.* TO $u@'%';" || fail_start mariadb "could not create the test user and database"
  wait_until mariadb "$deadline" maria_user_query
}

stop_pid() { # stop_pid <name>: SIGTERM, SIGKILL after 30s
  local pid i
  pid="$(read_pid "$1")"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "$1 still alive after 30s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# ------------------------------------------------------------------ redis ---

redis_conf() { echo "$DB_DIR/redis/redis.conf"; }

redis_user_query() {
  "$(find_prog redis-cli)" --no-auth-warning -u "$(url_of redis)" SET podtrail:ready 1 | grep -qx OK
}

start_redis() {
  local home
  home="$(home_of redis)"
  mkdir -p "$home/run" "$home/data"
  # Generated each start; the test user is the only one (the default user is off).
  cat >"$(redis_conf)" <<EOF
# Generated by deploy/databases/db.sh - edits are overwritten on start.
bind $DB_HOST
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $(pid_file_of redis)
logfile $(log_of redis)
dir $home/data
save ""
appendonly no
maxmemory 128mb
user default off
user $DB_USER on >$DB_PASSWORD ~* &* +@all
EOF
  chmod 600 "$(redis_conf)"
  log "starting Redis on $DB_HOST:$REDIS_PORT (data: $home/data)"
  "$(find_prog redis-server)" "$(redis_conf)" >>"$(log_of redis)" 2>&1 9>&- || fail_start redis "redis-server failed"
  # daemonize: the pid file appears once the server forked
  local deadline=$((SECONDS + START_TIMEOUT))
  until [[ -n "$(read_pid redis)" ]]; do
    ((SECONDS < deadline)) || fail_start redis "no pid file after ${START_TIMEOUT}s"
    sleep 0.1
  done
}

ready_redis() {
  wait_until redis $((SECONDS + START_TIMEOUT)) redis_user_query
}

# --------------------------------------------------------------- commands ---

stop_server() {
  if ! pid_alive "$1"; then
    [[ "$1" == postgres ]] || rm -f "$(pid_file_of "$1")"
    log "$1 not running"
    return 0
  fi
  log "stopping $1 (pid $(read_pid "$1")) ..."
  case "$1" in
    postgres) stop_postgres || stop_pid postgres ;;
    *) stop_pid "$1" ;;
  esac
  [[ "$1" == postgres ]] || rm -f "$(pid_file_of "$1")"
  log "$1 stopped"
}

cmd_start() {
  local name="$1" port
  port="$(port_of "$name")"
  if pid_alive "$name"; then
    log "$name already running (pid $(read_pid "$name"))"
  else
    port_open "$port" && die "port $port is in use by another process (set PODTRAIL_${name^^}_PORT)"
    installed "$name" || cmd_install "$name"
    "start_$name"
  fi
  "ready_$name"
  log "$name ready (pid $(read_pid "$name"))"
  url_of "$name"
}

cmd_status() {
  if pid_alive "$1"; then
    echo "running pid=$(read_pid "$1") url=$(url_of "$1") data=$(home_of "$1")"
    return 0
  fi
  echo "stopped"
  return 3
}

usage() {
  cat >&2 <<EOF
usage: $0 install [postgres|mariadb|redis|all]
       $0 {start|stop|restart|status|url|logs} <postgres|mariadb|redis>
  install  apt-get install Debian's postgresql, mariadb-server, redis-server where missing (as root)
  start    start a private server on $DB_HOST (postgres $POSTGRES_PORT, mariadb $MARIADB_PORT, redis $REDIS_PORT),
           data in $DB_DIR/<name>; waits until the test user's query answers; prints the URL last
  stop     stop it (data kept)
  status   print state (exit 0 running, 3 stopped)
  url      print the connection URL (user $DB_USER, database $DB_NAME)
  logs     tail the server log
Environment: PODTRAIL_DB_DIR, PODTRAIL_{POSTGRES,MARIADB,REDIS}_PORT, PODTRAIL_DB_USER, PODTRAIL_DB_PASSWORD,
PODTRAIL_DB_NAME, PODTRAIL_DB_START_TIMEOUT (s).
EOF
}

cmd="${1:-}"
case "$cmd" in
  install) cmd_install "${2:-all}" ;;
  start | stop | restart | status | url | logs)
    name="${2:-}"
    valid_name "$name" || { usage; exit 2; }
    case "$cmd" in
      start) take_lock "$name"; cmd_start "$name" ;;
      stop) take_lock "$name"; stop_server "$name" ;;
      restart) take_lock "$name"; stop_server "$name"; cmd_start "$name" ;;
      status) cmd_status "$name" ;;
      url) url_of "$name" ;;
      logs) tail -n "${3:-100}" "$(log_of "$name")" ;;
    esac
    ;;
  -h | --help | help) usage ;;
  *) usage; exit 2 ;;
esac
