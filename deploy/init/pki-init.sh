#!/bin/sh
# One-shot step of docker-compose.yml (gateway image): creates, completes or renews the suite's internal PKI, then
# hands each service ONLY its own certificate and key plus the CA certificate. The CA's private key stays in PKI_DIR,
# which no long-running service mounts, so a compromised vault or directory-sync cannot mint a gateway certificate.
# Idempotent: create-internal-pki reuses valid files and reissues only missing or expiring ones (30 days before).
# Usage (from the gateway's folder): pki-init.sh PKI_DIR ISSUED_DIR [--vault-name N]... [--directory-sync-name N]...
set -eu
pki=${1:?usage: pki-init.sh PKI_DIR ISSUED_DIR [create-internal-pki options]}
issued=${2:?usage: pki-init.sh PKI_DIR ISSUED_DIR [create-internal-pki options]}
shift 2
dotnet PasswordSync.Gateway.dll create-internal-pki "$pki" "$@"

# Copies keep the owner-only mode of the keys (cp -p); each lands under a temporary name first, so a service starting
# meanwhile never reads half a file.
hand_over() {
  service=$1
  shift
  for file in "$@"; do
    cp -p "$pki/$file" "$issued/$service/.$file.tmp"
    mv -f "$issued/$service/.$file.tmp" "$issued/$service/$file"
  done
  echo "pki-init: $issued/$service: $*"
}
hand_over vault ca.pem vault.pem vault.key
hand_over directory-sync ca.pem directory-sync.pem directory-sync.key
hand_over gateway ca.pem gateway.pem gateway.key
