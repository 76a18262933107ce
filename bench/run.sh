#!/usr/bin/env bash
# The PasswordSync benchmark harness (issue 6; docs/benchmarks.md): ONE command that measures the product against
# the directory's own limits side by side and writes the table to docs/benchmarks.md. Not part of ./test.sh.
#
#   bench/run.sh                         start our own Samba AD DC and slapd (127.0.0.11 / 127.0.0.12), then measure
#   bench/run.sh --servers FILE          use running servers described by FILE (tests/servers KEY=VALUE format),
#                                        e.g. --servers /tmp/pwsync-dev/servers.env
#   bench/run.sh --quick                 a small run (see --help for every option: --accounts N, --connections C ...)
#
# Needs root when it starts servers (it provisions them like tests/servers/start-*.sh, in its own state folder:
# $PASSWORDSYNC_BENCH_STATE, default ./.bench-state, removed at the end).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
project="$root/bench/PasswordSync.Benchmarks"

servers=""
output_given=no
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) servers=${2:?--servers needs a file}; shift 2 ;;
    --output|--no-output) output_given=yes; args+=("$1"); shift ;;
    -h|--help)
      dotnet build "$project" -c Release -v quiet -nologo -consoleLoggerParameters:ErrorsOnly >/dev/null
      dotnet "$project/bin/Release/net10.0/PasswordSync.Benchmarks.dll" --help; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ "$output_given" = yes ] || args+=(--output "$root/docs/benchmarks.md")

if [ -z "$servers" ]; then
  # The start scripts use fixed addresses; another run's servers (the dev servers, ./test.sh) would clash with ours.
  busy=()
  for endpoint in 127.0.0.11/636 127.0.0.11/389 127.0.0.12/6360 127.0.0.12/3890; do
    if (exec 3<>"/dev/tcp/${endpoint%/*}/${endpoint#*/}") 2>/dev/null; then busy+=("${endpoint/\//:}"); fi
  done
  if [ ${#busy[@]} -gt 0 ]; then
    echo "bench/run.sh: ${busy[*]} already in use: other Samba/slapd servers run on the addresses ours would take." >&2
    echo "Benchmark those instead (bench/run.sh --servers THEIR_servers.env, e.g. /tmp/pwsync-dev/servers.env)," >&2
    echo "or stop them first. Nothing was started." >&2
    exit 2
  fi
  state=${PASSWORDSYNC_BENCH_STATE:-$root/.bench-state}
  rm -rf "$state" && mkdir -p "$state" && chmod 700 "$state"
  trap '"$root/tests/servers/stop-all.sh" "$state"; rm -rf "$state"' EXIT INT TERM
  "$root/tests/servers/install-packages.sh"
  : >"$state/servers.env"
  "$root/tests/servers/start-samba.sh" "$state"
  "$root/tests/servers/start-slapd.sh" "$state"
  servers="$state/servers.env"
fi

dotnet build "$project" -c Release -v quiet -nologo -consoleLoggerParameters:ErrorsOnly
dotnet "$project/bin/Release/net10.0/PasswordSync.Benchmarks.dll" --servers "$servers" "${args[@]}"
