#!/usr/bin/env bash
# Provisions and starts a throw-away Samba AD DC for ONE test class that must freeze its DC (SIGSTOP) without
# disturbing the shared DC other test projects use in parallel. Its own loopback address, realm, host name (so its own
# certificate name) and pid/ncalrpc/winbindd folders: nothing it owns clashes with the shared DC.
# Usage: start-dedicated-samba.sh STATE_DIR ADDRESS HOST_NAME REALM   (env: ADMIN_PASSWORD)
# Prints the samba pid on stdout when LDAPS answers. The caller stops it (kill the process group) and deletes STATE_DIR.
set -euo pipefail
dir=${1:?state dir}
address=${2:?address}
short_name=${3:?host name (at most 15 characters)}
realm=${4:?realm}
: "${ADMIN_PASSWORD:?ADMIN_PASSWORD must be set}"
fqdn="$short_name.${realm,,}"
here=$(cd "$(dirname "$0")" && pwd)

# Samba refuses an interface address that no interface carries; a concurrent run may have added it already.
ip addr add "$address/8" dev lo 2>/dev/null || ip -4 addr show dev lo | grep -q "inet $address/"
# The DC's certificate is issued to $fqdn: clients validate it by that name.
grep -qE "^$address[[:space:]]+$fqdn([[:space:]]|$)" /etc/hosts || echo "$address $fqdn" >>/etc/hosts

# A run killed by hand can leave its dedicated DC behind on this address, possibly frozen by SIGSTOP: stop it (only
# a process listening on exactly this address), or this DC could not bind.
for stale in $(ss -ltnpH "src $address:636" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
  group=$(ps -o pgid= -p "$stale" | tr -d ' ')
  kill -CONT -- "-$group" 2>/dev/null || true
  kill -KILL -- "-$group" 2>/dev/null || kill -KILL "$stale" 2>/dev/null || true
done
for _ in $(seq 1 50); do
  ss -ltnH "src $address:636" | grep -q . || break
  sleep 0.1
done

mkdir -p "$dir/run/ncalrpc" "$dir/run/winbindd"
samba-tool domain provision --realm="$realm" --domain="${realm%%.*}" --server-role=dc --dns-backend=NONE \
  --host-name="$short_name" --targetdir="$dir" \
  --option="interfaces=$address" --option="bind interfaces only=yes" \
  --option="pid directory=$dir/run" --option="ncalrpc dir=$dir/run/ncalrpc" \
  --option="winbindd socket directory=$dir/run/winbindd" >"$dir/provision.log" 2>&1
samba-tool domain passwordsettings set --min-pwd-age=0 -H "$dir/private/sam.ldb" -s "$dir/etc/smb.conf" \
  >>"$dir/provision.log" 2>&1
# The administrator password through the environment, never a command line.
/usr/bin/python3 "$here/set-samba-admin-password.py" "$dir"

# Its own session (process group), so the test can SIGSTOP/SIGCONT every samba process at once.
setsid samba -s "$dir/etc/smb.conf" -i -M single >"$dir/samba.log" 2>&1 </dev/null &
pid=$!
for _ in $(seq 1 120); do
  if (exec 3<>"/dev/tcp/$address/636") 2>/dev/null; then
    echo "$pid"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { echo "samba exited:" >&2; tail -20 "$dir/samba.log" >&2; exit 1; }
  sleep 0.5
done
echo "samba did not open $address:636 within 60 s" >&2
kill -9 -- "-$pid" 2>/dev/null || true
exit 1
