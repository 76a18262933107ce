#!/usr/bin/env bash
# Starts an OpenSSH sshd for the tests on 127.0.0.1:2222 with its own host keys under $1/sshd (password login, PAM),
# and the two fixed local users the SSH tests log in as: pwsyncadm, allowed `sudo -n /usr/sbin/chpasswd` (and a
# read-only `getent shadow`) without a password, and pwsyncnosudo, allowed nothing. pwsyncadm's login shell records
# every command line it is given, and its `sudo` every argv, to ~pwsyncadm/argv.log, so tests can prove that no
# password ever reached a command line. Per-test accounts are created and removed by the tests themselves.
# Appends SSHD_* lines to $1/servers.env.
set -euo pipefail
state=${1:?usage: start-sshd.sh STATE_DIR}
dir="$state/sshd"
port=${SSHD_TEST_PORT:-2222}
admin=pwsyncadm
nosudo=pwsyncnosudo
recorder=/usr/local/lib/pwsync-test-sshd
mkdir -p "$dir" /run/sshd
chmod 700 "$dir"

ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh_host_ed25519_key"
ssh-keygen -q -t rsa -b 2048 -N '' -f "$dir/ssh_host_rsa_key"

# The recording login shell and sudo wrapper (root-owned; the user can run but not edit them).
mkdir -p "$recorder/bin"
cat >"$recorder/recording-shell" <<'SH'
#!/bin/bash
# Test-only login shell: records the command line sshd hands over, then behaves like bash with the sudo recorder first.
printf 'shell:' >>"$HOME/argv.log"; printf ' [%s]' "$@" >>"$HOME/argv.log"; printf '\n' >>"$HOME/argv.log"
export PATH="/usr/local/lib/pwsync-test-sshd/bin:$PATH"
exec /bin/bash "$@"
SH
cat >"$recorder/bin/sudo" <<'SH'
#!/bin/bash
# Test-only sudo wrapper: records its argv, then runs the real sudo.
printf 'sudo:' >>"$HOME/argv.log"; printf ' [%s]' "$@" >>"$HOME/argv.log"; printf '\n' >>"$HOME/argv.log"
exec /usr/bin/sudo "$@"
SH
chmod 755 "$recorder" "$recorder/bin" "$recorder/recording-shell" "$recorder/bin/sudo"

random_password() { echo "Pw-$(openssl rand -hex 12)"; }
admin_password=$(random_password)
nosudo_password=$(random_password)
ensure_user() { # name shell password
  id -u "$1" >/dev/null 2>&1 || useradd -m -s "$2" "$1"
  usermod -s "$2" "$1" >/dev/null 2>&1 || true
  echo "$1:$3" | chpasswd
  chmod 755 "/home/$1"
}
ensure_user "$admin" "$recorder/recording-shell" "$admin_password"
ensure_user "$nosudo" /bin/bash "$nosudo_password"
: >"/home/$admin/argv.log"
chown "$admin:" "/home/$admin/argv.log"

cat >/etc/sudoers.d/pwsync-test-sshd <<SUDO
# PasswordSync tests: the privileged SSH test user may set passwords and read shadow entries, nothing else.
$admin ALL=(root) NOPASSWD: /usr/sbin/chpasswd, /usr/bin/getent shadow *
SUDO
chmod 440 /etc/sudoers.d/pwsync-test-sshd
visudo -cq -f /etc/sudoers.d/pwsync-test-sshd

cat >"$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/ssh_host_ed25519_key
HostKey $dir/ssh_host_rsa_key
PidFile $dir/sshd.pid
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM yes
PermitRootLogin no
# Only the test users (fixed ones and the per-test pwt* accounts) may log in.
AllowUsers $admin $nosudo pwt*
MaxStartups 100:30:200
MaxAuthTries 3
PrintMotd no
CONF
/usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
for _ in $(seq 1 100); do
  [ -s "$dir/sshd.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
[ -s "$dir/sshd.pid" ] || { echo "sshd did not start (see $dir/sshd.log)" >&2; exit 1; }
cp "$dir/sshd.pid" "$state/sshd.pid"

fingerprint=$(ssh-keygen -l -E sha256 -f "$dir/ssh_host_ed25519_key.pub" | awk '{print $2}')
cat >>"$state/servers.env" <<ENV
SSHD_HOST=127.0.0.1
SSHD_PORT=$port
SSHD_HOST_KEY_ED25519_SHA256=$fingerprint
SSHD_HOST_KEY_RSA_SHA256=$(ssh-keygen -l -E sha256 -f "$dir/ssh_host_rsa_key.pub" | awk '{print $2}')
SSHD_ADMIN_USER=$admin
SSHD_ADMIN_PASSWORD=$admin_password
SSHD_NOSUDO_USER=$nosudo
SSHD_NOSUDO_PASSWORD=$nosudo_password
SSHD_ARGV_LOG=/home/$admin/argv.log
SSHD_LOG=$dir/sshd.log
ENV
echo "sshd started on 127.0.0.1:$port"
