#!/usr/bin/env bash
# Installs the Debian packages run.sh --demo needs (Samba AD DC and its tools, curl and jq for the API calls) when any
# is missing. Non-interactive: nothing waits for a keyboard answer. Needs root (run.sh checks it first).
set -euo pipefail
packages=(samba samba-ad-dc samba-ad-provision winbind ldb-tools ldap-utils python3 iproute2 openssl curl jq util-linux)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing the Debian packages the demo directory needs: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { echo "run.sh: error: apt-get update failed (no network or no package mirror?)" >&2; exit 1; }
# --no-install-recommends keeps it small; the packages' default configurations are never used (the demo DC has its own).
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || { echo "run.sh: error: could not install: ${missing[*]} (see apt-get's message above)" >&2; exit 1; }
