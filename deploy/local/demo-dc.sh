#!/usr/bin/env bash
# Provisions (first start only) and starts run.sh --demo's Samba AD domain controller under DEMO_DIR, on its own
# loopback address with its own pid/ncalrpc/winbindd folders, so it never clashes with another DC on this machine (the
# test servers use 127.0.0.11, .12, .41, .43 and 127.0.0.1:2222). Returns when LDAPS answers; the DC keeps running in
# its own session (demo-dc-stop.sh stops it). Needs root.
# Usage: demo-dc.sh DEMO_DIR   (env, first start only: PASSWORDSYNC_DEMO_ADDRESS, PASSWORDSYNC_DEMO_HOST_NAME)
set -euo pipefail
demo=${1:?usage: demo-dc.sh DEMO_DIR}
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "run.sh: error: $*" >&2; exit 1; }
umask 077
mkdir -p "$demo"
dir="$demo/samba"
settings="$demo/dc.env"

if [ -f "$demo/provisioned" ]; then
  # The address and names are fixed at provisioning (the certificate carries the host name): reuse them.
  # shellcheck source=/dev/null
  . "$settings"
  for pair in "PASSWORDSYNC_DEMO_ADDRESS:$DEMO_ADDRESS" "PASSWORDSYNC_DEMO_HOST_NAME:$DEMO_HOST_NAME"; do
    name=${pair%%:*}
    if [ -n "${!name:-}" ] && [ "${!name}" != "${pair#*:}" ]; then
      echo "note: $name=${!name} is ignored: the demo DC was provisioned with ${pair#*:} (delete $demo to start over)" >&2
    fi
  done
else
  DEMO_ADDRESS=${PASSWORDSYNC_DEMO_ADDRESS:-127.0.0.2}
  DEMO_HOST_NAME=${PASSWORDSYNC_DEMO_HOST_NAME:-pwsdemodc}
  DEMO_REALM=DEMO.PWSYNC.TEST
  DEMO_NETBIOS_DOMAIN=PWSDEMO
  [[ "$DEMO_ADDRESS" =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "PASSWORDSYNC_DEMO_ADDRESS must be a loopback address (127.x.y.z), not '$DEMO_ADDRESS'"
  case "$DEMO_ADDRESS" in
    127.0.0.1 | 127.0.0.11 | 127.0.0.12 | 127.0.0.41 | 127.0.0.43)
      fail "PASSWORDSYNC_DEMO_ADDRESS=$DEMO_ADDRESS is used by the test servers; choose another (default 127.0.0.2)" ;;
  esac
  # A DC's NetBIOS name comes from its host name: at most 15 characters.
  [[ "$DEMO_HOST_NAME" =~ ^[a-z][a-z0-9-]{0,14}$ ]] || fail "PASSWORDSYNC_DEMO_HOST_NAME must be 1-15 lower-case letters, digits or '-', not '$DEMO_HOST_NAME'"
  [ "${DEMO_HOST_NAME^^}" != "$DEMO_NETBIOS_DOMAIN" ] || fail "PASSWORDSYNC_DEMO_HOST_NAME must differ from the domain's NetBIOS name $DEMO_NETBIOS_DOMAIN"
fi
realm_lower=${DEMO_REALM,,}
fqdn="$DEMO_HOST_NAME.$realm_lower"

# Samba refuses an interface address that no interface carries; both steps are needed again after a reboot.
ip addr add "$DEMO_ADDRESS/8" dev lo 2>/dev/null || ip -4 addr show dev lo | grep -q "inet $DEMO_ADDRESS/" \
  || fail "could not add $DEMO_ADDRESS to the loopback interface (ip addr add $DEMO_ADDRESS/8 dev lo)"
# The DC's certificate is issued to $fqdn: the gateway reaches it by that name to validate it.
grep -qE "^$DEMO_ADDRESS[[:space:]]+$fqdn([[:space:]]|$)" /etc/hosts || echo "$DEMO_ADDRESS $fqdn $DEMO_HOST_NAME" >>/etc/hosts

# A DC left running by a run.sh that was killed (SIGKILL cannot be trapped) is stopped before this one starts.
"$here/demo-dc-stop.sh" "$demo" >/dev/null
if (exec 3<>"/dev/tcp/$DEMO_ADDRESS/636") 2>/dev/null; then
  fail "$DEMO_ADDRESS:636 is already in use by another program; stop it, or delete $demo and set PASSWORDSYNC_DEMO_ADDRESS to another 127.x address"
fi

if [ ! -f "$demo/provisioned" ]; then
  echo "Provisioning the demo Active Directory $realm_lower (Samba AD DC $fqdn on $DEMO_ADDRESS)..."
  rm -rf "$dir"
  mkdir -p "$dir/run/ncalrpc" "$dir/run/winbindd"
  # winbindd refuses a socket folder that is not exactly 0755 (and the umask here is 077); without winbindd, samba stops.
  chmod 755 "$dir/run" "$dir/run/winbindd"
  samba-tool domain provision --realm="$DEMO_REALM" --domain="$DEMO_NETBIOS_DOMAIN" --server-role=dc \
    --dns-backend=NONE --host-name="$DEMO_HOST_NAME" --targetdir="$dir" \
    --option="interfaces=$DEMO_ADDRESS" --option="bind interfaces only=yes" \
    --option="pid directory=$dir/run" --option="ncalrpc dir=$dir/run/ncalrpc" \
    --option="winbindd socket directory=$dir/run/winbindd" >"$demo/provision.log" 2>&1 \
    || { tail -20 "$demo/provision.log" >&2; fail "provisioning the demo DC failed (full output: $demo/provision.log)"; }
  # Demo rotations may follow each other at once; the default minimum password age (1 day) would refuse them.
  samba-tool domain passwordsettings set --min-pwd-age=0 -H "$dir/private/sam.ldb" -s "$dir/etc/smb.conf" \
    >>"$demo/provision.log" 2>&1
  # The Administrator password: random, owner-only file (the state folder is 0700), never on a command line. The
  # gateway needs it once, when the target is registered; it is kept so the target can be registered again.
  admin_password="Adm-$(openssl rand -hex 12)-9x!"
  printf '%s\n' "$admin_password" >"$demo/admin-password"
  ADMIN_PASSWORD="$admin_password" /usr/bin/python3 "$here/demo-accounts.py" "$dir" \
    pwsdemo-alice pwsdemo-bob pwsdemo-backup >>"$demo/provision.log" 2>&1 \
    || { tail -20 "$demo/provision.log" >&2; fail "creating the demo accounts failed (full output: $demo/provision.log)"; }
  unset admin_password
  cat >"$settings" <<SETTINGS
DEMO_ADDRESS=$DEMO_ADDRESS
DEMO_HOST_NAME=$DEMO_HOST_NAME
DEMO_REALM=$DEMO_REALM
DEMO_NETBIOS_DOMAIN=$DEMO_NETBIOS_DOMAIN
DEMO_USERS="pwsdemo-alice pwsdemo-bob pwsdemo-backup"
SETTINGS
  # Written last: a provisioning interrupted before this point starts over on the next run.
  touch "$demo/provisioned"
fi

# Its own session, so a Ctrl-C in the terminal reaches run.sh (which stops the DC in order) rather than the DC alone.
setsid samba -s "$dir/etc/smb.conf" -i -M single >"$demo/samba.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$demo/samba.pid"
for _ in $(seq 1 120); do
  if (exec 3<>"/dev/tcp/$DEMO_ADDRESS/636") 2>/dev/null; then
    echo "Demo Active Directory $realm_lower: Samba AD DC $fqdn on $DEMO_ADDRESS:636 (pid $pid)"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { tail -20 "$demo/samba.log" >&2; fail "the demo DC stopped during start-up (log: $demo/samba.log)"; }
  sleep 0.5
done
fail "the demo DC did not open $DEMO_ADDRESS:636 within 60 s (log: $demo/samba.log)"
