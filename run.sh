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

bin() { echo "$root/$1/bin/Release/net10.0/PasswordSync.$2.dll"; }
# The suite's internal CA and the certificates of vault, directory-sync and gateway (mutual TLS between them);
# reused on the next start. Keys are owner-only.
pki="$state/pki"
dotnet "$(bin gateway Gateway)" create-internal-pki "$pki" >/dev/null

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
Vault__KeyringFile="$state/vault.keyring" Vault__Storage__Sqlite__Path="$state/vault.db" \
  Vault__Security__ListenAddress=127.0.0.1 Vault__Security__ClientCaPath="$pki/ca.pem" \
  Vault__Security__ServerCertificatePath="$pki/vault.pem" Vault__Security__ServerKeyPath="$pki/vault.key" \
  dotnet "$(bin services/Vault Vault)" &
pids+=($!)
DirectorySync__Security__ListenAddress=127.0.0.1 DirectorySync__Security__ClientCaPath="$pki/ca.pem" \
  DirectorySync__Security__ServerCertificatePath="$pki/directory-sync.pem" \
  DirectorySync__Security__ServerKeyPath="$pki/directory-sync.key" \
  dotnet "$(bin services/DirectorySync DirectorySync)" &
pids+=($!)
# The public endpoint: HTTPS (HTTP/1.1 and HTTP/2) on 8443 with a certificate generated on first start; the bootstrap
# admin API key is written to $state/gateway/bootstrap-admin.key (owner-only).
Gateway__StateDirectory="$state/gateway" Gateway__Public__Port="${PASSWORDSYNC_PORT:-8443}" \
  Gateway__Vault__Address=https://127.0.0.1:5101 Gateway__DirectorySync__Address=https://127.0.0.1:5102 \
  Gateway__Internal__CaPath="$pki/ca.pem" Gateway__Internal__ClientCertificatePath="$pki/gateway.pem" \
  Gateway__Internal__ClientKeyPath="$pki/gateway.key" \
  dotnet "$(bin gateway Gateway)" &
pids+=($!)
echo "gateway: https://127.0.0.1:${PASSWORDSYNC_PORT:-8443} (CA for curl --cacert: $state/gateway/public-certificate.pem; admin key: $state/gateway/bootstrap-admin.key)"
echo "vault (mutual TLS) on 127.0.0.1:5101, directory-sync (mutual TLS) on 127.0.0.1:5102. Ctrl-C stops everything."
wait
