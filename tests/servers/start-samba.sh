#!/usr/bin/env bash
# Provisions and starts the test run's Samba AD domain controller under $1/samba, on its own loopback address
# (127.0.0.11) and pid/ncalrpc/winbindd folders so it never clashes with another DC on this machine, then appends its
# settings (KEY=VALUE) to $1/servers.env and its pid to $1/samba.pid.
#
# What it sets up for the tests, and why:
# - min password age 0: tests change passwords back to back; the default 60-minute old-password window stays on.
# - a fine-grained password policy (PSO) with lockout threshold 3 applied to a group: lockout tests put their own
#   fresh users in that group, so the domain policy (no lockout) is never changed under other tests.
# - a delegated account that can bind but has no right to reset passwords, to prove the TestTarget rights check.
set -euo pipefail
state=${1:?usage: start-samba.sh STATE_DIR}
state=$(cd "$state" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
dir="$state/samba"
address=${PASSWORDSYNC_SAMBA_ADDRESS:-127.0.0.11}
short_name=pwsdc1
realm=PWSYNC.TEST
domain=PWSYNC
fqdn="$short_name.${realm,,}"
base_dn="DC=pwsync,DC=test"
# Random per run; the suffix satisfies the domain's complexity rule whatever the random part is.
admin_password="Adm-$(openssl rand -hex 10)-9x!"
delegate_password="Dlg-$(openssl rand -hex 10)-7y!"
pso_name=pwsync-lockout-tests
pso_group=pwsync-lockout-tests
lockout_threshold=3

# Samba refuses an interface address that no interface carries.
# Tolerates a concurrent run adding the same address first; fails only when the address is really missing.
# grep reads to the end (no -q): with pipefail, -q stopping early could fail the pipeline with ip's SIGPIPE (141).
ip addr add "$address/8" dev lo 2>/dev/null || ip -4 addr show dev lo | grep "inet $address/" >/dev/null
# The DC's certificate is issued to $fqdn: the tests reach it by that name to validate it.
grep -qE "^$address[[:space:]]+$fqdn([[:space:]]|$)" /etc/hosts || echo "$address $fqdn $short_name" >>/etc/hosts

rm -rf "$dir"
mkdir -p "$dir/run/ncalrpc" "$dir/run/winbindd"
samba-tool domain provision --realm="$realm" --domain="$domain" --server-role=dc --dns-backend=NONE \
  --host-name="$short_name" --targetdir="$dir" \
  --option="interfaces=$address" --option="bind interfaces only=yes" \
  --option="pid directory=$dir/run" --option="ncalrpc dir=$dir/run/ncalrpc" \
  --option="winbindd socket directory=$dir/run/winbindd" >"$dir/provision.log" 2>&1

# Offline changes straight on the database, before the DC serves anyone.
sam=(-H "$dir/private/sam.ldb" -s "$dir/etc/smb.conf")
samba-tool domain passwordsettings set --min-pwd-age=0 "${sam[@]}" >>"$dir/provision.log"
samba-tool group add "$pso_group" "${sam[@]}" >>"$dir/provision.log"
samba-tool domain passwordsettings pso create "$pso_name" 10 --account-lockout-threshold="$lockout_threshold" \
  --account-lockout-duration=30 --reset-account-lockout-after=30 --min-pwd-age=0 "${sam[@]}" >>"$dir/provision.log"
samba-tool domain passwordsettings pso apply "$pso_name" "$pso_group" "${sam[@]}" >>"$dir/provision.log"
# Passwords go through the environment, not command lines (provision made up a random admin password, replaced here).
ADMIN_PASSWORD="$admin_password" DELEGATE_PASSWORD="$delegate_password" /usr/bin/python3 "$here/samba-accounts.py" "$dir"

setsid samba -s "$dir/etc/smb.conf" -i -M single >"$dir/samba.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$state/samba.pid"

# Bounded wait for LDAPS; provisioning a fresh DC's first start takes a few seconds.
for _ in $(seq 1 120); do
  if (exec 3<>"/dev/tcp/$address/636") 2>/dev/null; then
    break
  fi
  kill -0 "$pid" 2>/dev/null || { echo "samba exited; see $dir/samba.log" >&2; tail -20 "$dir/samba.log" >&2; exit 1; }
  sleep 0.5
done
(exec 3<>"/dev/tcp/$address/636") 2>/dev/null || { echo "samba did not open $address:636 within 60 s" >&2; exit 1; }

cat >>"$state/servers.env" <<EOF
SAMBA_HOST=$fqdn
SAMBA_ADDRESS=$address
SAMBA_PORT=636
SAMBA_REALM=$realm
SAMBA_DOMAIN=$domain
SAMBA_BASE_DN=$base_dn
SAMBA_USERS_DN=CN=Users,$base_dn
SAMBA_ADMIN_USER=Administrator@${realm,,}
SAMBA_ADMIN_PASSWORD=$admin_password
SAMBA_CA_PEM=$dir/private/tls/ca.pem
SAMBA_LOCKOUT_GROUP_DN=CN=$pso_group,CN=Users,$base_dn
SAMBA_LOCKOUT_PSO_DN=CN=$pso_name,CN=Password Settings Container,CN=System,$base_dn
SAMBA_LOCKOUT_THRESHOLD=$lockout_threshold
SAMBA_DELEGATE_USER=pwsync-delegate@${realm,,}
SAMBA_DELEGATE_PASSWORD=$delegate_password
EOF
echo "Samba AD DC $fqdn on $address:636 (pid $pid, folder $dir)"
