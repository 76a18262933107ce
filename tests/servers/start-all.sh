#!/usr/bin/env bash
# Starts every real server the tests use under the state folder given as $1, and writes $1/servers.env
# (KEY=VALUE lines the test fixtures read). Each server has its own start script beside this one.
set -euo pipefail
state=${1:?usage: start-all.sh STATE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
: >"$state/servers.env"
for script in "$here"/start-*.sh; do
  [ "$(basename "$script")" = start-all.sh ] && continue
  "$script" "$state"
done
