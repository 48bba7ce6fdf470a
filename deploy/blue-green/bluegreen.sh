#!/usr/bin/env bash
# Blue-green deploys of Mercato behind nginx: two sides (blue, green) on one PostgreSQL, nginx in
# front, one side live and the other kept warm after a cutover so a rollback is a reload away.
# See README.md beside this script.
#
#   bluegreen.sh up        start nginx and the first side (BG_START)
#   bluegreen.sh cutover   start the other side (BG_START: the new release), wait for its readiness,
#                          switch nginx to it; the old side stays warm (backup) for the rollback window
#   bluegreen.sh rollback  switch back to the side kept warm, then drain the one that was live
#   bluegreen.sh finish    drain the side kept warm (end of the rollback window)
#   bluegreen.sh status    which side is live, which is warm, their pids and readiness
#   bluegreen.sh down      stop nginx and both sides
#
# Settings (environment): BG_STATE (state directory, ./bluegreen-state), BG_START (shell command
# that runs one Mercato in the foreground; it gets SERVER_PORT, PORT and MERCATO_SIDE in its
# environment), BG_LISTEN (nginx's address, 127.0.0.1:8080), BG_BLUE_PORT / BG_GREEN_PORT (8081 /
# 8082, fixed by `up`), BG_NGINX (/usr/sbin/nginx), BG_READY_TIMEOUT (180 s), BG_DRAIN_GRACE (10 s),
# BG_STOP_TIMEOUT (90 s), BG_ROLLBACK_WINDOW (0: keep the old side until `finish` or `rollback`;
# N: `cutover` waits N seconds, then drains it unless a rollback or another cutover came first).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=$(realpath -m "${BG_STATE:-$PWD/bluegreen-state}")
NGINX=${BG_NGINX:-/usr/sbin/nginx}
READY_TIMEOUT=${BG_READY_TIMEOUT:-180}
DRAIN_GRACE=${BG_DRAIN_GRACE:-10}
STOP_TIMEOUT=${BG_STOP_TIMEOUT:-90}
ROLLBACK_WINDOW=${BG_ROLLBACK_WINDOW:-0}

log() { printf '%s bluegreen: %s\n' "$(date -u +%H:%M:%S.%3N)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { date +%s%3N; }

# --- state: <side>.pid, <side>.port, live, standby, generation, listen --------------------------
get() { cat "$STATE/$1" 2>/dev/null || true; }
put() { printf '%s\n' "$2" >"$STATE/$1.new" && mv "$STATE/$1.new" "$STATE/$1"; }
other() { if [ "$1" = blue ]; then echo green; else echo blue; fi; }
port_of() { get "$1.port"; }
listen() { get listen; }

# alive, and not a zombie (a side started by an earlier run of this script is reparented, and
# the process that adopts it may be slow to reap it)
running() {
  local pid=$1 state
  [ -n "$pid" ] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}
side_running() { running "$(get "$1.pid")"; }
side_ready() {
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$(port_of "$1")/actuator/health/readiness" 2>/dev/null
}
# 9>&-: the lock stays with this script, not with nginx or a side it starts
nginx_cmd() { "$NGINX" -p "$STATE/" -c "$STATE/nginx.conf" -e logs/error.log "$@" 9>&-; }
nginx_pid() { get nginx.pid; }

lock() {
  exec 9>"$STATE/lock"
  flock -w "${BG_LOCK_WAIT:-600}" 9 || die "another bluegreen.sh run holds $STATE/lock"
}
unlock() { flock -u 9; }

# --- sides ---------------------------------------------------------------------------------------
start_side() {
  local side=$1 port pid
  port=$(port_of "$side")
  [ -n "${BG_START:-}" ] || die "BG_START is not set: the command that runs the release to start"
  if side_running "$side"; then die "$side is still running (pid $(get "$side.pid"))"; fi
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" 2>/dev/null; then
    die "port $port ($side) is taken by another process"
  fi
  log "starting $side on port $port: $BG_START"
  # its own session: the side outlives this script and a terminal's hang-up
  SERVER_PORT=$port PORT=$port MERCATO_SIDE=$side setsid bash -c "exec $BG_START" \
    >>"$STATE/logs/$side.log" 2>&1 </dev/null 9>&- &
  pid=$!
  put "$side.pid" "$pid"
  put "$side.started" "$BG_START"
  local deadline=$(( $(date +%s) + READY_TIMEOUT ))
  until side_ready "$side"; do
    running "$pid" || die "$side (pid $pid) exited before it was ready; see $STATE/logs/$side.log"
    if [ "$(date +%s)" -ge "$deadline" ]; then
      kill -TERM "$pid" 2>/dev/null || true
      die "$side not ready after ${READY_TIMEOUT}s; stopped it; see $STATE/logs/$side.log"
    fi
    sleep 0.2
  done
  log "$side ready (pid $pid, port $port)"
}

# SIGTERM: Mercato stops taking connections, ends SSE streams with a retry hint, finishes the
# requests in flight, then exits. Only sent once nginx no longer routes to the side.
stop_side() {
  local side=$1 pid deadline
  pid=$(get "$side.pid")
  if ! running "$pid"; then rm -f "$STATE/$side.pid"; return 0; fi
  log "draining $side: SIGTERM to pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + STOP_TIMEOUT ))
  while running "$pid"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "$side (pid $pid) still running ${STOP_TIMEOUT}s after SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  rm -f "$STATE/$side.pid"
  log "$side stopped"
}

# --- nginx ---------------------------------------------------------------------------------------
write_upstream() {
  local live=$1 backup=${2:-}
  {
    echo "# written by bluegreen.sh: live $live${backup:+, $backup kept warm}"
    echo "upstream mercato {"
    echo "    server 127.0.0.1:$(port_of "$live") max_fails=3 fail_timeout=5s;"
    if [ -n "$backup" ]; then echo "    server 127.0.0.1:$(port_of "$backup") backup;"; fi
    # nginx closes idle connections before Tomcat would (its keep-alive timeout is 60 s), so a
    # request never goes out on a connection the side is closing
    echo "    keepalive 64;"
    echo "    keepalive_timeout 30s;"
    echo "    keepalive_requests 1000;"
    echo "}"
    echo "map \$host \$mercato_live {"
    echo "    default $live;"
    echo "}"
  } >"$STATE/upstream.conf.new"
  cp -f "$STATE/upstream.conf" "$STATE/upstream.conf.previous" 2>/dev/null || true
  mv "$STATE/upstream.conf.new" "$STATE/upstream.conf"
}

# Reloads nginx and returns once new connections reach $1's configuration. Old workers keep
# serving what they accepted: no connection is refused or dropped by the switch.
OLD_WORKERS=""
reload_to() {
  local want=$1 started deadline answer
  if ! nginx_cmd -t -q 2>>"$STATE/logs/error.log"; then
    mv -f "$STATE/upstream.conf.previous" "$STATE/upstream.conf" 2>/dev/null || true
    die "nginx refused the new configuration (kept the previous one); see $STATE/logs/error.log"
  fi
  OLD_WORKERS=$(pgrep -P "$(nginx_pid)" 2>/dev/null | tr '\n' ' ' || true)
  started=$(now_ms)
  nginx_cmd -s reload
  deadline=$(( started + 10000 ))
  while true; do
    answer=$(curl -s --max-time 1 "http://$(listen)/bluegreen/live" 2>/dev/null || true)
    [ "$answer" = "$want" ] && break
    [ "$(now_ms)" -lt "$deadline" ] || die "nginx still not serving '$want' 10 s after the reload"
    sleep 0.02
  done
  SWITCH_MS=$(( $(now_ms) - started ))
}

# Waits until the workers that served the previous configuration have finished (or the grace
# has passed: an SSE stream keeps its worker until the side it reads from is drained).
await_old_workers() {
  local deadline=$(( $(date +%s) + DRAIN_GRACE )) pid left
  while true; do
    left=""
    for pid in $OLD_WORKERS; do if running "$pid"; then left="$left $pid"; fi; done
    [ -z "$left" ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "old nginx workers$left still open after ${DRAIN_GRACE}s (long-lived streams): draining anyway"
      return 0
    fi
    sleep 0.1
  done
}

# --- commands ------------------------------------------------------------------------------------
cmd_up() {
  mkdir -p "$STATE/logs" "$STATE/tmp"
  lock
  [ -z "$(get live)" ] || die "already up (live: $(get live)); use cutover"
  put listen "${BG_LISTEN:-127.0.0.1:8080}"
  put blue.port "${BG_BLUE_PORT:-8081}"
  put green.port "${BG_GREEN_PORT:-8082}"
  sed "s|@LISTEN@|$(listen)|" "$HERE/nginx.conf" >"$STATE/nginx.conf"
  start_side blue
  write_upstream blue
  nginx_cmd -t -q || die "nginx refused the configuration; see $STATE/logs/error.log"
  nginx_cmd
  put live blue
  put generation 1
  local deadline=$(( $(date +%s) + 10 ))
  until [ "$(curl -s --max-time 1 "http://$(listen)/bluegreen/live" 2>/dev/null || true)" = blue ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "nginx does not answer on $(listen)"
    sleep 0.05
  done
  log "up: nginx on $(listen) (pid $(nginx_pid)), live blue on port $(port_of blue)"
}

cmd_cutover() {
  lock
  local old new generation
  old=$(get live)
  [ -n "$old" ] || die "not up: run bluegreen.sh up first"
  new=$(other "$old")
  if [ -n "$(get standby)" ]; then
    log "the previous cutover's $(get standby) is still warm: finishing it first"
    finish_standby
  fi
  start_side "$new"
  write_upstream "$new" "$old"
  reload_to "$new"
  put live "$new"
  put standby "$old"
  generation=$(( $(get generation) + 1 ))
  put generation "$generation"
  log "switched: live $new (port $(port_of "$new")), $old kept warm as backup; switch_ms=$SWITCH_MS"
  if [ "$ROLLBACK_WINDOW" -gt 0 ]; then
    unlock
    log "rollback window: $old stays up for ${ROLLBACK_WINDOW}s (bluegreen.sh rollback to go back)"
    sleep "$ROLLBACK_WINDOW"
    lock
    if [ "$(get generation)" = "$generation" ] && [ "$(get standby)" = "$old" ]; then
      finish_standby
    else
      log "rollback window over: state changed meanwhile (rollback or another cutover), nothing to drain"
    fi
  else
    log "$old stays up until bluegreen.sh finish (drain it) or bluegreen.sh rollback"
  fi
}

finish_standby() {
  local live standby
  live=$(get live)
  standby=$(get standby)
  [ -n "$standby" ] || { log "no side kept warm"; return 0; }
  write_upstream "$live"
  reload_to "$live"
  rm -f "$STATE/standby"
  await_old_workers
  stop_side "$standby"
}

cmd_finish() {
  lock
  finish_standby
}

cmd_rollback() {
  lock
  local bad good
  bad=$(get live)
  good=$(get standby)
  [ -n "$good" ] || die "nothing to roll back to: no side kept warm (the window is over)"
  side_running "$good" || die "$good (pid $(get "$good.pid")) is not running any more"
  side_ready "$good" || die "$good is running but not ready: not switching to it"
  write_upstream "$good"
  reload_to "$good"
  put live "$good"
  rm -f "$STATE/standby"
  put generation $(( $(get generation) + 1 ))
  log "rolled back: live $good (port $(port_of "$good")); switch_ms=$SWITCH_MS"
  await_old_workers
  stop_side "$bad"
}

cmd_status() {
  local side role pid
  echo "nginx: $(listen) pid $(nginx_pid) ($(running "$(nginx_pid)" && echo running || echo stopped))"
  for side in blue green; do
    role=idle
    [ "$(get live)" = "$side" ] && role=live
    [ "$(get standby)" = "$side" ] && role=warm
    pid=$(get "$side.pid")
    if running "$pid"; then
      echo "$side: $role, pid $pid, port $(port_of "$side"), $(side_ready "$side" && echo ready || echo 'not ready')"
    else
      echo "$side: $role, not running"
    fi
  done
}

cmd_down() {
  lock
  local pid deadline
  pid=$(nginx_pid)
  if running "$pid"; then
    nginx_cmd -s quit
    deadline=$(( $(date +%s) + 30 ))
    while running "$pid" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
  fi
  stop_side blue
  stop_side green
  rm -f "$STATE/live" "$STATE/standby"
  log "down"
}

case "${1:-}" in
  up) cmd_up ;;
  cutover) cmd_cutover ;;
  rollback) cmd_rollback ;;
  finish) cmd_finish ;;
  status) cmd_status ;;
  down) cmd_down ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
