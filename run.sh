#!/usr/bin/env bash
# Starts the PasswordSync services locally with the embedded SQLite store. State (master key, database) lives in
# ./.state unless PASSWORDSYNC_STATE_DIR says otherwise. Ctrl-C stops everything.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
state=${PASSWORDSYNC_STATE_DIR:-$root/.state}
mkdir -p "$state" && chmod 700 "$state"
dotnet build "$root/PasswordSync.sln" -c Release -v quiet -nologo

if [ ! -f "$state/vault.keyring" ]; then
  (umask 077 && dotnet "$root/services/Vault/bin/Release/net10.0/PasswordSync.Vault.dll" create-keyring "$state/vault.keyring")
fi

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
# Local insecure mode (loopback only, gRPC over h2c, every local caller treated as the gateway). The mutual-TLS setup
# comes from `PasswordSync.Gateway.dll create-internal-pki <dir>` and the <Service>:Security settings.
Vault__KeyringFile="$state/vault.keyring" Vault__Storage__Sqlite__Path="$state/vault.db" Vault__Security__AllowInsecureLocalCalls=true \
  dotnet "$root/services/Vault/bin/Release/net10.0/PasswordSync.Vault.dll" &
pids+=($!)
DirectorySync__Security__AllowInsecureLocalCalls=true \
  dotnet "$root/services/DirectorySync/bin/Release/net10.0/PasswordSync.DirectorySync.dll" &
pids+=($!)
echo "vault: gRPC on http://127.0.0.1:5101 (h2c, local mode), health on 5111; directory-sync: gRPC on http://127.0.0.1:5102 (h2c, local mode), health on 5112. Ctrl-C stops."
wait
