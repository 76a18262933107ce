#!/usr/bin/env bash
# Installs the Debian packages the tests need (real directory servers and their tools) when any is missing.
set -euo pipefail
packages=(samba samba-ad-dc samba-ad-provision winbind krb5-user ldb-tools ldap-utils slapd openssh-server sshpass sudo openssl libldap-2.5-0 iproute2)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep "install ok installed" >/dev/null || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages the tests need: ${missing[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
# Non-interactive: slapd and krb5 would otherwise ask questions; their default configs are never used by the tests.
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
