#!/usr/bin/env bash
# Runs every PasswordSync test: installs the Debian packages the tests need when they are missing, starts the real
# directory servers for this run (Samba AD DC, OpenLDAP slapd, OpenSSH sshd, all on loopback), runs the whole
# solution's tests, and stops the servers again. Extra arguments go to `dotnet test`.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
servers="$root/tests/servers"

"$servers/install-packages.sh"

state=$(mktemp -d /tmp/pwsync-test.XXXXXX)
trap '"$servers/stop-all.sh" "$state" || true' EXIT
"$servers/start-all.sh" "$state"
# The test fixtures read the servers' addresses, credentials and CA files from here.
export PASSWORDSYNC_TEST_SERVERS="$state/servers.env"

dotnet test --solution "$root/PasswordSync.sln" "$@"
