#!/usr/bin/env bash
# Stops every server start-all.sh started under the state folder $1 (each wrote its pid to $1/*.pid).
set -uo pipefail
state=${1:?usage: stop-all.sh STATE_DIR}
for pidfile in "$state"/*.pid; do
  [ -f "$pidfile" ] || continue
  kill "$(cat "$pidfile")" 2>/dev/null
done
sleep 1
for pidfile in "$state"/*.pid; do
  [ -f "$pidfile" ] || continue
  kill -9 "$(cat "$pidfile")" 2>/dev/null
done
exit 0
