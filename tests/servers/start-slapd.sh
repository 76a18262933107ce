#!/usr/bin/env bash
# Starts a throw-away OpenLDAP slapd for the tests under $1/slapd: its own CA and server certificate for
# ldap1.pwsync.test (mapped to 127.0.0.12 in /etc/hosts), ldap:// on 3890 (StartTLS or plaintext) and ldaps:// on 6360
# (never clashing with Samba's 389/636), the ppolicy overlay with a default policy strict enough to test refusals and
# lockout, a privileged DN that may reset passwords and one that may not. Appends SLAPD_* lines to $1/servers.env.
set -euo pipefail
state=${1:?usage: start-slapd.sh STATE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
dir="$state/slapd"
address=${SLAPD_TEST_ADDRESS:-127.0.0.12}
host=${SLAPD_TEST_HOST:-ldap1.pwsync.test}
ldap_port=${SLAPD_TEST_LDAP_PORT:-3890}
ldaps_port=${SLAPD_TEST_LDAPS_PORT:-6360}
suffix="dc=pwsync,dc=test"
mkdir -p "$dir/data" "$dir/tls"
chmod 700 "$dir"

# The certificate names $host: it must resolve to the address slapd listens on (idempotent edits).
# Tolerates a concurrent run adding the same address first; fails only when the address is really missing.
# grep reads to the end (no -q): with pipefail, -q stopping early could fail the pipeline with ip's SIGPIPE (141).
ip addr add "$address/8" dev lo 2>/dev/null || ip -4 addr show dev lo | grep "inet $address/" >/dev/null
grep -qE "^[0-9.]+[[:space:]]+$host([[:space:]]|\$)" /etc/hosts || echo "$address $host" >>/etc/hosts

random_password() { echo "Pw-$(openssl rand -hex 12)"; }
admin_password=$(random_password)
reset_password=$(random_password)
noreset_password=$(random_password)

# A CA of its own, so tests validate the server certificate against configuration, never by disabling validation.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/O=PasswordSync tests/CN=PasswordSync slapd test CA" \
  -keyout "$dir/tls/ca.key" -out "$dir/tls/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$host" -keyout "$dir/tls/server.key" -out "$dir/tls/server.csr" 2>/dev/null
openssl x509 -req -in "$dir/tls/server.csr" -CA "$dir/tls/ca.pem" -CAkey "$dir/tls/ca.key" -CAcreateserial -days 2 \
  -extfile <(printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$host") -out "$dir/tls/server.pem" 2>/dev/null
# A second CA nobody trusts, for the "untrusted certificate" tests.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=PasswordSync untrusted test CA" \
  -keyout "$dir/tls/other-ca.key" -out "$dir/tls/other-ca.pem" 2>/dev/null
# slapd drops no privileges here, but keep the key private anyway.
chmod 600 "$dir/tls/"*.key

sed -e "s|@DIR@|$dir|g" -e "s|@SUFFIX@|$suffix|g" -e "s|@ADMIN_PASSWORD@|$admin_password|g" \
  "$here/slapd.conf.template" >"$dir/slapd.conf"
chmod 600 "$dir/slapd.conf"

slapd -f "$dir/slapd.conf" -h "ldap://$address:$ldap_port/ ldaps://$address:$ldaps_port/"
# slapd forks and writes its pid file itself; wait for it and for the ports.
for _ in $(seq 1 100); do
  [ -s "$dir/slapd.pid" ] && (exec 3<>"/dev/tcp/$address/$ldaps_port") 2>/dev/null && break
  sleep 0.1
done
[ -s "$dir/slapd.pid" ] || { echo "slapd did not start (see $dir)" >&2; exit 1; }
cp "$dir/slapd.pid" "$state/slapd.pid"

sed -e "s|@SUFFIX@|$suffix|g" "$here/slapd-base.ldif.template" >"$dir/base.ldif"
# Passwords go to the OpenLDAP tools in owner-only files (-y bind password, -T new password), never on a command line
# where any local user could read them from the process list. The files hold the bytes only: no trailing newline.
secret_file() { (umask 077 && printf '%s' "$2" >"$dir/$1") && echo "$dir/$1"; }
admin_file=$(secret_file admin.secret "$admin_password")
ldapadd -x -H "ldap://$address:$ldap_port/" -D "cn=admin,$suffix" -y "$admin_file" -f "$dir/base.ldif" >/dev/null
# Passwords set through the Password Modify extended operation, as the product does (stored hashed by slapd).
ldappasswd -x -H "ldap://$address:$ldap_port/" -D "cn=admin,$suffix" -y "$admin_file" \
  -T "$(secret_file reset.secret "$reset_password")" "cn=reset-agent,ou=service,$suffix" >/dev/null
ldappasswd -x -H "ldap://$address:$ldap_port/" -D "cn=admin,$suffix" -y "$admin_file" \
  -T "$(secret_file noreset.secret "$noreset_password")" "cn=readonly-agent,ou=service,$suffix" >/dev/null
rm -f "$dir"/*.secret

cat >>"$state/servers.env" <<ENV
SLAPD_HOST=$host
SLAPD_ADDRESS=$address
SLAPD_LDAP_PORT=$ldap_port
SLAPD_LDAPS_PORT=$ldaps_port
SLAPD_CA_FILE=$dir/tls/ca.pem
SLAPD_UNTRUSTED_CA_FILE=$dir/tls/other-ca.pem
SLAPD_BASE_DN=ou=people,$suffix
SLAPD_ADMIN_DN=cn=admin,$suffix
SLAPD_ADMIN_PASSWORD=$admin_password
SLAPD_RESET_DN=cn=reset-agent,ou=service,$suffix
SLAPD_RESET_PASSWORD=$reset_password
SLAPD_NORESET_DN=cn=readonly-agent,ou=service,$suffix
SLAPD_NORESET_PASSWORD=$noreset_password
SLAPD_POLICY_MIN_LENGTH=8
SLAPD_POLICY_IN_HISTORY=3
SLAPD_POLICY_MAX_FAILURE=3
SLAPD_MIN_AGE_POLICY_DN=cn=minimum-age,ou=policies,$suffix
ENV
echo "slapd started on $host ($address) ldap:$ldap_port ldaps:$ldaps_port"
