#!/bin/sh
# Provisions the demo domain on first start (when the data folder holds no smb.conf yet), then runs Samba in the
# foreground. Passwords come from the environment and reach Samba through demo-accounts.py, never a command line.
# Environment: SAMBA_ADMIN_PASSWORD, DEMO_USER_PASSWORD (required on first start), SAMBA_REALM, SAMBA_DOMAIN,
# SAMBA_HOST_NAME, SAMBA_DEMO_DIR (default /var/lib/samba-demo), SAMBA_DEMO_PROVISION_ONLY=1 (provision and stop:
# used by the deployment tests, which run this script against the real samba-tool).
set -eu
dir=${SAMBA_DEMO_DIR:-/var/lib/samba-demo}
realm=${SAMBA_REALM:-DEMO.PWSYNC.TEST}
domain=${SAMBA_DOMAIN:-DEMO}
host_name=${SAMBA_HOST_NAME:-dc1}
here=${SAMBA_DEMO_LIB:-/usr/local/lib/samba-demo}

if [ ! -f "$dir/etc/smb.conf" ]; then
  if [ -z "${SAMBA_ADMIN_PASSWORD:-}" ] || [ -z "${DEMO_USER_PASSWORD:-}" ]; then
    echo "samba-demo: set SAMBA_ADMIN_PASSWORD and DEMO_USER_PASSWORD (see deploy/env.example) for the first start." >&2
    exit 2
  fi
  echo "samba-demo: provisioning $realm (host $host_name) into $dir"
  mkdir -p "$dir"
  # Provision makes up a random Administrator password; demo-accounts.py replaces it from the environment.
  samba-tool domain provision --realm="$realm" --domain="$domain" --server-role=dc --dns-backend=NONE \
    --host-name="$host_name" --targetdir="$dir" \
    --option="pid directory=$dir/run" --option="ncalrpc dir=$dir/run/ncalrpc" \
    --option="winbindd socket directory=$dir/run/winbindd" >"$dir/provision.log" 2>&1 \
    || { tail -20 "$dir/provision.log" >&2; exit 1; }
  # Back-to-back rotations in the demo must not hit the one-day minimum password age.
  samba-tool domain passwordsettings set --min-pwd-age=0 -H "$dir/private/sam.ldb" -s "$dir/etc/smb.conf" \
    >>"$dir/provision.log"
  # Debian's own interpreter: python3-samba is installed for it, not for any other python3 on the PATH.
  /usr/bin/python3 "$here/demo-accounts.py" "$dir"
  echo "samba-demo: provisioned. Samba creates its CA on first start: $dir/private/tls/ca.pem (the target's CA)."
fi

if [ "${SAMBA_DEMO_PROVISION_ONLY:-0}" = "1" ]; then
  exit 0
fi
mkdir -p "$dir/run/ncalrpc" "$dir/run/winbindd"
exec samba -s "$dir/etc/smb.conf" -i -M single
