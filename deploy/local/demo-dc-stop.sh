#!/usr/bin/env bash
# Stops the demo DC run from DEMO_DIR and every process it started: samba itself, and smbd and winbindd, which run in
# sessions of their own and would outlive a kill of samba's process group alone. Each is found by the pid files in
# the DC's own pid folder, and only if it still is a Samba process (a stale pid file never kills anything else).
# SIGTERM first, SIGKILL after 15 s. Usage: demo-dc-stop.sh DEMO_DIR
set -uo pipefail
demo=${1:?usage: demo-dc-stop.sh DEMO_DIR}

groups=()
for pidfile in "$demo/samba.pid" "$demo"/samba/run/*.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(tr -dc '0-9' <"$pidfile")
  [ -n "$pid" ] || continue
  case "$(ps -o comm= -p "$pid" 2>/dev/null)" in
    samba | smbd | winbindd) ;;
    *) continue ;;
  esac
  pgid=$(ps -o pgid= -p "$pid" | tr -dc '0-9')
  # Only a group the DC's processes lead (they start their own sessions), never the caller's own group.
  if [ "$pgid" = "$pid" ] && [ "$pgid" != "$(ps -o pgid= -p $$ | tr -dc '0-9')" ]; then
    groups+=("$pgid")
  fi
done
[ ${#groups[@]} -eq 0 ] && exit 0

# Zombies are dead already (only not yet reaped by their parent): they do not count.
members() { ps -eo pid=,pgid=,stat= | awk -v list=" ${groups[*]} " 'index(list, " " $2 " ") && $3 !~ /^Z/ { print $1 }'; }
echo "Stopping the demo DC..."
for group in "${groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null; done
for _ in $(seq 1 30); do
  [ -z "$(members)" ] && exit 0
  sleep 0.5
done
for group in "${groups[@]}"; do kill -KILL -- "-$group" 2>/dev/null; done
sleep 0.5
[ -z "$(members)" ]
