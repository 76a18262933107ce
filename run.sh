#!/usr/bin/env bash
# Starts PasswordSync locally: vault (embedded SQLite), directory-sync and the gateway, with mutual TLS between them.
# The first start creates everything a run needs under the state folder (owner-only): the vault's key ring, the internal
# CA and service certificates, the gateway's public HTTPS certificate and a bootstrap admin API key; later starts reuse
# them. Prints "ready" once all three services answer their health checks and the admin key is accepted, then runs in
# the foreground until Ctrl-C (SIGINT) or SIGTERM, which stop every process it started (the demo DC included).
# With --demo (root), also runs a local demo Active Directory (Samba AD DC on its own loopback address) registered as a
# target, with a demo list and records. See docs/local-run.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: ./run.sh [--demo] [--no-build] [--help]

  --demo       also start a local demo Active Directory (Samba AD DC on 127.0.0.2; needs root; installs the Debian
               packages it needs when missing), register it as a target and create a demo list with demo records
  --no-build   use binaries already built (by an earlier run.sh or dotnet build/test) instead of building

Environment (all optional):
  PASSWORDSYNC_STATE_DIR       state folder (default ./.state): key ring, certificates, database, admin key, logs
  PASSWORDSYNC_PORT            gateway's public HTTPS port (default 8443)
  PASSWORDSYNC_LISTEN_ADDRESS  gateway's listen address (default 127.0.0.1; 0.0.0.0 to serve other machines)
  PASSWORDSYNC_CONFIGURATION   Release (default) or Debug: which build to run
  PASSWORDSYNC_VAULT_PORT, PASSWORDSYNC_VAULT_HEALTH_PORT                     internal ports (default 5101, 5111)
  PASSWORDSYNC_DIRECTORY_SYNC_PORT, PASSWORDSYNC_DIRECTORY_SYNC_HEALTH_PORT   internal ports (default 5102, 5112)
  PASSWORDSYNC_DEMO_ADDRESS, PASSWORDSYNC_DEMO_HOST_NAME   the demo DC's loopback address and host name
                               (default 127.0.0.2, pwsdemodc; fixed when the demo DC is first provisioned)
  PASSWORDSYNC_READY_TIMEOUT   seconds to wait for the services to become ready (default 180)
EOF
}

fail() {
  echo "run.sh: error: $*" >&2
  exit 2
}

demo=false
build=true
for argument in "$@"; do
  case "$argument" in
    --demo) demo=true ;;
    --no-build) build=false ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option '$argument'" ;;
  esac
done

root=$(cd "$(dirname "$0")" && pwd)
state=${PASSWORDSYNC_STATE_DIR:-$root/.state}
configuration=${PASSWORDSYNC_CONFIGURATION:-Release}
port=${PASSWORDSYNC_PORT:-8443}
listen_address=${PASSWORDSYNC_LISTEN_ADDRESS:-127.0.0.1}
vault_port=${PASSWORDSYNC_VAULT_PORT:-5101}
vault_health_port=${PASSWORDSYNC_VAULT_HEALTH_PORT:-5111}
sync_port=${PASSWORDSYNC_DIRECTORY_SYNC_PORT:-5102}
sync_health_port=${PASSWORDSYNC_DIRECTORY_SYNC_HEALTH_PORT:-5112}
ready_timeout=${PASSWORDSYNC_READY_TIMEOUT:-180}
local_scripts="$root/deploy/local"

# --- Checks that fail fast, before anything is started or written -------------------------------------------------
case "$configuration" in Release | Debug) ;; *) fail "PASSWORDSYNC_CONFIGURATION must be Release or Debug, not '$configuration'" ;; esac
for number in "$port" "$vault_port" "$vault_health_port" "$sync_port" "$sync_health_port" "$ready_timeout"; do
  [[ "$number" =~ ^[0-9]+$ ]] || fail "'$number' is not a number (check the PASSWORDSYNC_*PORT and _TIMEOUT settings)"
done
command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not installed; see https://learn.microsoft.com/dotnet/core/install/linux-debian"
if $demo && [ "$(id -u)" -ne 0 ]; then
  fail "--demo needs root: it installs Debian packages, adds a loopback address and an /etc/hosts entry, and runs a Samba AD DC. Run: sudo ./run.sh --demo (or ./run.sh without --demo)"
fi
if ! command -v curl >/dev/null; then
  $demo || fail "curl is needed (readiness checks); install it: apt-get install -y curl"
fi

# A port is busy when something already accepts connections on it (on loopback or any address).
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ports=("$port" "$vault_port" "$vault_health_port" "$sync_port" "$sync_health_port")
port_settings=(PASSWORDSYNC_PORT PASSWORDSYNC_VAULT_PORT PASSWORDSYNC_VAULT_HEALTH_PORT PASSWORDSYNC_DIRECTORY_SYNC_PORT
  PASSWORDSYNC_DIRECTORY_SYNC_HEALTH_PORT)
[ "$(printf '%s\n' "${ports[@]}" | sort -u | wc -l)" -eq ${#ports[@]} ] \
  || fail "the five ports must differ: ${ports[*]} (${port_settings[*]})"
for i in "${!ports[@]}"; do
  if port_busy "${ports[$i]}"; then
    fail "port ${ports[$i]} (${port_settings[$i]}) is already in use, by another ./run.sh or another program. Stop it (ss -ltnp 'sport = :${ports[$i]}' shows which) or choose another port: ${port_settings[$i]}=<port> ./run.sh"
  fi
done

# Everything run.sh and the services create is owner-only (keys, database, logs): the state folder is 0700.
umask 077
mkdir -p "$state"
chmod 700 "$state"
state=$(cd "$state" && pwd)
# One run.sh per state folder: two would share (and fight over) one SQLite database and one demo DC.
exec 9>"$state/run.lock"
# The services and the demo DC inherit the lock: processes left behind by a run.sh killed with SIGKILL keep holding it,
# and must be stopped before a new start reuses their database and ports. run.pids names them.
if ! flock -n 9; then
  left=$(cat "$state/run.pids" "$state/demo/samba.pid" 2>/dev/null | xargs -r ps -o pid=,comm= -p 2>/dev/null | xargs || true)
  fail "another ./run.sh is already running with the state folder $state${left:+ (its processes, or those a killed one left behind: $left)}"
fi
mkdir -p "$state/logs"

if $demo; then
  "$local_scripts/install-demo-packages.sh"
fi

# --- Build and first-run material -----------------------------------------------------------------------------------
if $build; then
  echo "Building ($configuration)..."
  : >"$state/logs/build.log"
  for project in services/Vault/PasswordSync.Vault.csproj services/DirectorySync/PasswordSync.DirectorySync.csproj \
    gateway/PasswordSync.Gateway.csproj; do
    dotnet build "$root/$project" -c "$configuration" -v quiet -nologo >>"$state/logs/build.log" 2>&1 \
      || { tail -30 "$state/logs/build.log" >&2; fail "the build of $project failed (full output: $state/logs/build.log)"; }
  done
fi
bin() { echo "$root/$1/bin/$configuration/net10.0/PasswordSync.$2.dll"; }
vault_dll=$(bin services/Vault Vault)
sync_dll=$(bin services/DirectorySync DirectorySync)
gateway_dll=$(bin gateway Gateway)
for dll in "$vault_dll" "$sync_dll" "$gateway_dll"; do
  [ -f "$dll" ] || fail "$dll is missing: run without --no-build, or build with: dotnet build -c $configuration"
done

if [ ! -f "$state/vault.keyring" ]; then
  dotnet "$vault_dll" create-keyring "$state/vault.keyring" >/dev/null
  echo "Created the vault's key ring: $state/vault.keyring (back it up separately from the database)"
fi
# The suite's internal CA and the certificates of vault, directory-sync and gateway (mutual TLS between them);
# valid files are reused. Keys are owner-only.
pki="$state/pki"
dotnet "$gateway_dll" create-internal-pki "$pki" >/dev/null

# --- Processes and their clean stop ---------------------------------------------------------------------------------
pids=()
names=()
demo_dir="$state/demo"
stopping=false
stop_all() {
  $stopping && return
  stopping=true
  trap '' INT TERM
  [ -n "${sleeper:-}" ] && kill "$sleeper" 2>/dev/null
  if [ ${#pids[@]} -gt 0 ]; then
    echo "Stopping PasswordSync..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    # Bounded: a service that ignores SIGTERM for 20 s is killed.
    for _ in $(seq 1 40); do
      alive=false
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
      $alive || break
      sleep 0.5
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if $demo; then
    "$local_scripts/demo-dc-stop.sh" "$demo_dir" || true
  fi
  echo "Stopped."
}
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM

start() {
  local name=$1
  shift
  # Logs go to files (owner-only; they never contain secrets), so the terminal shows the start-up summary.
  env "$@" >"$state/logs/$name.log" 2>&1 </dev/null &
  pids+=($!)
  names+=("$name")
}
# Plain console logs in the files: no colour codes.
plain_logs=(Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__ColorBehavior=Disabled)

start vault "${plain_logs[@]}" Vault__KeyringFile="$state/vault.keyring" Vault__Storage__Sqlite__Path="$state/vault.db" \
  Vault__Security__ListenAddress=127.0.0.1 Vault__Security__GrpcPort="$vault_port" \
  Vault__Security__HealthPort="$vault_health_port" Vault__Security__ClientCaPath="$pki/ca.pem" \
  Vault__Security__ServerCertificatePath="$pki/vault.pem" Vault__Security__ServerKeyPath="$pki/vault.key" \
  dotnet "$vault_dll"
start directory-sync "${plain_logs[@]}" DirectorySync__Security__ListenAddress=127.0.0.1 \
  DirectorySync__Security__GrpcPort="$sync_port" DirectorySync__Security__HealthPort="$sync_health_port" \
  DirectorySync__Security__ClientCaPath="$pki/ca.pem" \
  DirectorySync__Security__ServerCertificatePath="$pki/directory-sync.pem" \
  DirectorySync__Security__ServerKeyPath="$pki/directory-sync.key" \
  dotnet "$sync_dll"
# The public endpoint: HTTPS (HTTP/1.1 and HTTP/2) with a certificate generated on first start (names localhost,
# 127.0.0.1, ::1 and the machine name); the bootstrap admin key goes to $state/gateway/bootstrap-admin.key.
start gateway "${plain_logs[@]}" Gateway__StateDirectory="$state/gateway" Gateway__Public__Port="$port" \
  Gateway__Public__ListenAddress="$listen_address" \
  Gateway__Vault__Address="https://127.0.0.1:$vault_port" Gateway__DirectorySync__Address="https://127.0.0.1:$sync_port" \
  Gateway__Internal__CaPath="$pki/ca.pem" Gateway__Internal__ClientCertificatePath="$pki/gateway.pem" \
  Gateway__Internal__ClientKeyPath="$pki/gateway.key" \
  dotnet "$gateway_dll"

echo "${pids[*]}" >"$state/run.pids"

# The demo DC starts while the services do (provisioning the first time takes a few seconds).
if $demo; then
  "$local_scripts/demo-dc.sh" "$demo_dir"
fi

# --- Readiness ------------------------------------------------------------------------------------------------------
certificate="$state/gateway/public-certificate.pem"
key_file="$state/gateway/bootstrap-admin.key"
url="https://localhost:$port"
[ "$listen_address" = 127.0.0.1 ] || [ "$listen_address" = 0.0.0.0 ] || url="https://$listen_address:$port"

exited() {
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "${names[$i]}"
      return 0
    fi
  done
  return 1
}
demo_dc_alive() { kill -0 "$(cat "$demo_dir/samba.pid" 2>/dev/null)" 2>/dev/null; }
ready() {
  curl -sf --max-time 5 --cacert "$pki/ca.pem" "https://127.0.0.1:$vault_health_port/health" >/dev/null \
    && curl -sf --max-time 5 --cacert "$pki/ca.pem" "https://127.0.0.1:$sync_health_port/health" >/dev/null \
    && [ -s "$certificate" ] && [ -s "$key_file" ] \
    && curl -sf --max-time 5 --cacert "$certificate" "$url/health" >/dev/null \
    && curl -sf --max-time 5 --cacert "$certificate" -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$key_file")") \
      "$url/v1/lists?pageSize=1" >/dev/null
}
deadline=$((SECONDS + ready_timeout))
until ready; do
  if name=$(exited); then
    echo "run.sh: error: $name stopped during start-up; the end of $state/logs/$name.log:" >&2
    tail -25 "$state/logs/$name.log" >&2
    exit 1
  fi
  if $demo && ! demo_dc_alive; then
    echo "run.sh: error: the demo DC stopped during start-up; the end of $demo_dir/samba.log:" >&2
    tail -25 "$demo_dir/samba.log" >&2
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "run.sh: error: the services did not become ready within $ready_timeout s; see the logs in $state/logs" >&2
    exit 1
  fi
  sleep 0.5
done

# Paths as the user can paste them from here (relative to the current folder when inside it).
rel() { case "$1" in "$PWD"/*) echo "${1#"$PWD"/}" ;; *) echo "$1" ;; esac; }
if $demo; then
  PASSWORDSYNC_URL="$url" PASSWORDSYNC_CACERT="$certificate" PASSWORDSYNC_KEY_FILE="$key_file" \
    PASSWORDSYNC_DISPLAY_CACERT="$(rel "$certificate")" "$local_scripts/demo-register.sh" "$demo_dir"
fi

cat <<EOF

PasswordSync is running (state: $state; logs: $state/logs).
  gateway         $url   (gRPC and HTTP/JSON; OpenAPI: $url/openapi/v1.json)
  vault           127.0.0.1:$vault_port, directory-sync 127.0.0.1:$sync_port (internal, mutual TLS)

Call it:
  export PWSYNC_KEY=\$(cat $(rel "$key_file"))
  curl --cacert $(rel "$certificate") -H "Authorization: Bearer \$PWSYNC_KEY" $url/v1/lists
EOF
if $demo; then
  cat "$demo_dir/usage.txt"
fi
echo
echo "ready (Ctrl-C stops everything)"

# Runs until a signal. If a service or the demo DC stops on its own, everything else is stopped too and the exit
# status says so. The pause runs as a child so that a signal interrupts it at once.
sleeper=
while true; do
  sleep 2 &
  sleeper=$!
  wait "$sleeper" 2>/dev/null || true
  sleeper=
  if name=$(exited); then
    echo "run.sh: error: $name stopped unexpectedly; the end of $state/logs/$name.log:" >&2
    tail -25 "$state/logs/$name.log" >&2
    exit 1
  fi
  if $demo && ! demo_dc_alive; then
    echo "run.sh: error: the demo DC stopped unexpectedly; the end of $demo_dir/samba.log:" >&2
    tail -25 "$demo_dir/samba.log" >&2
    exit 1
  fi
done
