#!/bin/sh
# One-shot step of docker-compose.yml (vault image): creates the vault's key ring on first start and never touches an
# existing one (create-keyring refuses to overwrite anyway: a lost key ring is every stored secret lost).
# Usage (from the vault's folder): vault-keyring-init.sh KEYRING_FILE
set -eu
keyring=${1:?usage: vault-keyring-init.sh KEYRING_FILE}
if [ -f "$keyring" ]; then
  echo "vault-keyring-init: $keyring exists; kept as it is."
  exit 0
fi
umask 077
exec dotnet PasswordSync.Vault.dll create-keyring "$keyring"
