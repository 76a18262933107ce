#!/usr/bin/env bash
# Registers run.sh --demo's DC with the running gateway through the public HTTP/JSON API, as any script would: the demo
# DC as an Active Directory target (then tests it), a demo list ready for synchronisation, and one record per demo
# account, each given a fresh password by PasswordSync's own rotate (a real reset in the DC, verified by a bind).
# Idempotent: everything is looked up first (target by its domain name, list by its name, record by user name) and
# only what is missing is created, so a second start changes nothing. Writes the ids to DEMO_DIR/ids.env and the
# ready-to-paste curl lines to DEMO_DIR/usage.txt.
# Usage: demo-register.sh DEMO_DIR   (env: PASSWORDSYNC_URL, PASSWORDSYNC_CACERT, PASSWORDSYNC_KEY_FILE and, for the
# printed lines, PASSWORDSYNC_DISPLAY_CACERT)
set -euo pipefail
demo=${1:?usage: demo-register.sh DEMO_DIR}
: "${PASSWORDSYNC_URL:?}" "${PASSWORDSYNC_CACERT:?}" "${PASSWORDSYNC_KEY_FILE:?}"
PASSWORDSYNC_DISPLAY_CACERT=${PASSWORDSYNC_DISPLAY_CACERT:-$PASSWORDSYNC_CACERT}
fail() { echo "run.sh: error: demo set-up: $*" >&2; exit 1; }
# shellcheck source=/dev/null
. "$demo/dc.env"
realm=${DEMO_REALM,,}
fqdn="$DEMO_HOST_NAME.$realm"
base_dn="DC=${realm//./,DC=}"
list_name="Demo: local Active Directory ($realm)"
key=$(cat "$PASSWORDSYNC_KEY_FILE")

# One public API call; prints the JSON answer, or fails with the gateway's google.rpc.Status (which never holds a
# secret). The key travels in a header read from a pipe, the body on stdin: neither appears on a command line.
api() {
  local method=$1 path=$2 body=${3:-}
  local arguments=(-sS --max-time 90 --cacert "$PASSWORDSYNC_CACERT" -X "$method" -w '\n%{http_code}')
  [ "$body" = - ] && arguments+=(-H 'Content-Type: application/json' --data-binary @-)
  local answer
  answer=$(curl "${arguments[@]}" -H @<(printf 'Authorization: Bearer %s\n' "$key") "$PASSWORDSYNC_URL$path") || fail "$method $path: the gateway did not answer"
  local status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  [[ "$status" == 2* ]] || fail "$method $path answered HTTP $status: $answer"
  printf '%s\n' "$answer"
}

# The target. A vault lets one target answer to a name, so the domain name finds it (the demo has fewer than 100).
target_id=$(api GET "/v1/targets?pageSize=100" \
  | jq -r --arg name "$realm" '[.targets[]? | select(any(.names[]?; ascii_downcase == $name))][0].id // empty')
if [ -z "$target_id" ]; then
  target_id=$(jq -n --rawfile password "$demo/admin-password" --rawfile ca "$demo/samba/private/tls/ca.pem" \
    --arg realm "$realm" --arg netbios "$DEMO_NETBIOS_DOMAIN" --arg endpoint "$fqdn:636" --arg base "$base_dn" \
    --arg account "Administrator@$realm" \
    '{kind: "TARGET_KIND_ACTIVE_DIRECTORY", names: [$realm, $netbios], endpoints: [$endpoint],
      caCertificatePem: $ca, baseDn: $base, privilegedAccount: $account,
      privilegedPassword: ($password | rtrimstr("\n"))}' \
    | api POST /v1/targets - | jq -r .id)
  echo "Registered the demo DC as Active Directory target $target_id ($realm)"
fi
# The target test (reachability, TLS trust and name, privileged bind and rights): a failed check is said, with its remedy.
tested=$(echo '{}' | api POST "/v1/targets/$target_id:test" -)
if [ "$(jq -r '.ok // false' <<<"$tested")" != true ]; then
  jq -r '.checks[]? | select(.status != "passed") | "  \(.name): \(.status): \(.detail) \(.remedy // "")"' <<<"$tested" >&2
  fail "the demo target's test failed (checks above)"
fi

# The list: User Name, Account Type and a generic field "Domain or Host" make it ready for synchronisation.
list_id=$(api GET "/v1/lists?pageSize=100" | jq -r --arg name "$list_name" '[.lists[]? | select(.name == $name)][0].id // empty')
if [ -z "$list_id" ]; then
  list_id=$(jq -n --arg name "$list_name" \
    '{name: $name, description: "Accounts of the local demo Active Directory (run.sh --demo)",
      standardFields: ["STANDARD_FIELD_TITLE", "STANDARD_FIELD_USER_NAME", "STANDARD_FIELD_ACCOUNT_TYPE", "STANDARD_FIELD_NOTES"],
      genericFields: [{key: "generic1", label: "Domain or Host"}],
      policy: {style: "PASSWORD_STYLE_CHARACTERS", length: 20, useUppercase: true, useLowercase: true, useDigits: true,
               useSymbols: true, minUppercase: 2, minLowercase: 2, minDigits: 2, minSymbols: 1},
      preventReuseCount: 5}' | api POST /v1/lists - | jq -r .id)
  echo "Created the demo list $list_id ($list_name)"
fi
readiness=$(api GET "/v1/lists/$list_id/readiness")
[ "$(jq -r '.ready // false' <<<"$readiness")" = true ] || fail "the demo list is not ready for synchronisation: $readiness"

record_ids=()
for user in $DEMO_USERS; do
  record=$(api GET "/v1/lists/$list_id/records?userName=$user&pageSize=10" \
    | jq -c --arg user "$user" '[.records[]? | select(.userName == $user)][0] // empty')
  if [ -z "$record" ]; then
    # No initial password: the account's password is set by the rotate below, so nobody but the vault knows it.
    record=$(jq -n --arg user "$user" --arg realm "$realm" \
      '{title: "Demo account \($user)", userName: $user, accountType: "ACCOUNT_TYPE_WINDOWS",
        notes: "Demo account in the local Samba AD (run.sh --demo)", genericFields: {generic1: $realm}}' \
      | api POST "/v1/lists/$list_id/records" -)
  fi
  id=$(jq -r .id <<<"$record")
  [ "$(jq -r '.syncEnabled // false' <<<"$record")" = true ] \
    || fail "the record of $user is not sync-enabled: $(jq -r '.syncDisabledReason // ""' <<<"$record")"
  if [ "$(jq -r '.hasPassword // false' <<<"$record")" != true ]; then
    if [ "$(jq -r '.rotationPending // false' <<<"$record")" = true ]; then
      echo "note: $user has a rotation pending from an interrupted start; the reconciler finishes it" >&2
    else
      outcome=$(jq -n --arg version "$(jq -r '.version // "0"' <<<"$record")" --arg request "demo-initial-$id" \
        '{version: $version, requestId: $request}' | api POST "/v1/records/$id:rotate" -)
      [ "$(jq -r '(.vaultUpdated // false) and (.verified // false)' <<<"$outcome")" = true ] \
        || fail "rotating the password of $user failed: $(jq -r '"\(.reasonCode // "") \(.message // "")"' <<<"$outcome")"
      echo "PasswordSync set a new password for $user in the demo AD (rotate: reset, verified, stored)"
    fi
  fi
  record_ids+=("$id")
done

cat >"$demo/ids.env" <<IDS
DEMO_TARGET_ID=$target_id
DEMO_LIST_ID=$list_id
DEMO_RECORD_IDS="${record_ids[*]}"
IDS

first_user=${DEMO_USERS%% *}
record=${record_ids[0]}
cat >"$demo/usage.txt" <<USAGE

Demo directory: Active Directory $realm (Samba AD DC $fqdn on $DEMO_ADDRESS:636), target $target_id
Demo list "$list_name": $list_id, one record per demo account ($DEMO_USERS)
  export PWSYNC_LIST=$list_id PWSYNC_RECORD=$record   # the record of $first_user
  pws() { curl -sS --cacert $PASSWORDSYNC_DISPLAY_CACERT -H "Authorization: Bearer \$PWSYNC_KEY" -H "Content-Type: application/json" "\$@"; echo; }
  pws $PASSWORDSYNC_URL/v1/lists/\$PWSYNC_LIST/records                  # the demo records (never a password)
  pws -d '{}' $PASSWORDSYNC_URL/v1/records/\$PWSYNC_RECORD:checkPassword   # does AD accept the stored password? (lockout-safe)
  pws $PASSWORDSYNC_URL/v1/lists/\$PWSYNC_LIST/syncReport               # the whole list, record by record
  V=\$(pws $PASSWORDSYNC_URL/v1/records/\$PWSYNC_RECORD | jq -r .version)
  pws -d "{\\"version\\": \\"\$V\\"}" $PASSWORDSYNC_URL/v1/records/\$PWSYNC_RECORD:saveAndSync   # new password, set in AD, verified
  pws -d '{"reason": "demo"}' $PASSWORDSYNC_URL/v1/records/\$PWSYNC_RECORD:reveal   # the password (audited)
  pws -d '{}' $PASSWORDSYNC_URL/v1/targets/$target_id:test              # the target's checklist
USAGE
