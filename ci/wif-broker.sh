# shellcheck shell=sh
# The wif-broker exchange, shared by the GitHub Action (ci/github/action.sh sources it) and the GitLab
# component (templates/credentials.yml embeds it verbatim; ci/gitlab/generate.sh writes it there).
#
# An adapter defines, before calling wif_broker_main:
#   wif_id_token            sets wif_subject_token to the job's OIDC token, or returns 1 after wif_fail
#   wif_mask VALUE          registers a secret with the platform's log masking (before any other use)
#   wif_export NAME VALUE   makes NAME=VALUE visible to what runs next
#   wif_output NAME VALUE   publishes a result of the step
#   wif_fail TITLE TEXT     reports an error (TEXT may hold line breaks)
#   wif_gcp_source FILE     prints the external_account "credential_source" object; FILE may receive the token
# and sets wif_dir to a private (0700) directory for the files it writes.
# shellcheck disable=SC2154 # wif_dir and wif_subject_token are the adapter's
#
# POSIX sh and curl only (no jq: GitLab jobs run in any image). On GitLab this runs inside the job's own
# shell (before_script, under set -e): it never exits, never changes shell options, names everything wif_*,
# and reports failure by its return status.

# The string value of a top-level "KEY": "..." in a JSON object. The broker's and GitHub's answers hold no
# escapes in the values read here (tokens, base64, RFC 6749 error text without " and \); a value with an
# escape yields nothing, which the caller treats as missing.
wif_json_string() {
    printf '%s' "$2" | tr -d '\n' | sed -n 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*"\([^"\\]*\)".*/\1/p'
}

wif_json_number() {
    printf '%s' "$2" | tr -d '\n' | sed -n 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p'
}

# A value for a double-quoted curl config line: \ and " escaped.
wif_curl_quote() {
    printf '%s' "$1" | sed 's/[\\"]/\\&/g'
}

# Seconds from 900, 900s, 15m or 1h.
wif_seconds() {
    case $1 in
        '' | *[!0-9smh]* | [smh]* | *[smh]?*) return 1 ;;
        *s) wif_n=${1%s}; echo "$wif_n" ;;
        *m) wif_n=${1%m}; echo $((wif_n * 60)) ;;
        *h) wif_n=${1%h}; echo $((wif_n * 3600)) ;;
        *) echo "$1" ;;
    esac
}

wif_check_inputs() {
    wif_url=${WIF_BROKER_URL%/}
    case $wif_url in
        '') wif_fail "wif-broker: broker-url is required" "set broker-url to the broker's base URL, e.g. https://broker.example.com"; return 1 ;;
        *[[:space:]\"\\]*) wif_fail "wif-broker: bad broker-url" "broker-url must not contain spaces, quotes or backslashes"; return 1 ;;
        https://?*) ;;
        http://127.0.0.1 | http://127.0.0.1[:/]* | http://localhost | http://localhost[:/]* | http://\[::1\] | http://\[::1\][:/]*) ;;
        *) wif_fail "wif-broker: broker-url must be https" "broker-url '$wif_url' must start with https:// (http:// only for 127.0.0.1, localhost or [::1]): the job's ID token must not travel in clear"; return 1 ;;
    esac
    case $WIF_ROLE in
        '') wif_fail "wif-broker: role is required" "set role to the broker role to obtain (trust-policies/roles/<role>.yaml)"; return 1 ;;
        [!a-z0-9]* | *[!a-z0-9._-]*) wif_fail "wif-broker: bad role" "role '$WIF_ROLE' is not a broker role name ([a-z0-9][a-z0-9._-]*)"; return 1 ;;
    esac
    case $WIF_TARGET in
        aws | gcp | azure | internal) ;;
        *) wif_fail "wif-broker: bad target" "target must be aws, gcp, azure or internal (got '$WIF_TARGET')"; return 1 ;;
    esac
    wif_lifetime=''
    if [ -n "${WIF_LIFETIME:-}" ]; then
        if ! wif_lifetime=$(wif_seconds "$WIF_LIFETIME") || [ "$wif_lifetime" -lt 1 ] || [ "$wif_lifetime" -gt 86400 ]; then
            wif_fail "wif-broker: bad lifetime" "lifetime '$WIF_LIFETIME' must be 1 to 86400 seconds, written 900, 900s, 15m or 1h"
            return 1
        fi
    fi
    case ${WIF_SCOPE:-} in
        *[![:print:]]*) wif_fail "wif-broker: bad scope" "scope must be printable text (space-separated scopes)"; return 1 ;;
    esac
}

# Checks the subject token's shape before it is sent anywhere (and so before it lands in a curl config line).
wif_check_jwt() {
    case $1 in
        '' | *[!A-Za-z0-9._-]*) return 1 ;;
        *.*.*) return 0 ;;
        *) return 1 ;;
    esac
}

# POST /v1/token. Everything secret reaches curl on stdin (-K -), never on its command line; curl retries
# only what is transient (timeouts, 429, 5xx, honouring Retry-After). Sets wif_status and wif_body.
wif_post_exchange() {
    wif_nl='
'
    wif_config="url = \"$(wif_curl_quote "$wif_url")/v1/token\"
header = \"Accept: application/json\"
data-urlencode = \"grant_type=urn:ietf:params:oauth:grant-type:token-exchange\"
data-urlencode = \"subject_token_type=urn:ietf:params:oauth:token-type:jwt\"
data-urlencode = \"subject_token=$wif_subject_token\"
data-urlencode = \"audience=$WIF_ROLE\"
data-urlencode = \"target=$WIF_TARGET\""
    if [ -n "${WIF_SCOPE:-}" ]; then
        wif_config="$wif_config${wif_nl}data-urlencode = \"scope=$(wif_curl_quote "$WIF_SCOPE")\""
    fi
    if [ -n "$wif_lifetime" ]; then
        wif_config="$wif_config${wif_nl}data-urlencode = \"requested_lifetime=$wif_lifetime\""
    fi
    if ! wif_resp=$(printf '%s\n' "$wif_config" | curl -sS --proto =https,http --connect-timeout 10 --max-time 60 \
        --retry 2 --retry-max-time 30 -w '\n%{http_code}' -K - 2>"$wif_dir/curl.err"); then
        wif_fail "wif-broker: broker unreachable" "cannot reach the broker at $wif_url: $(tr -d '\r' <"$wif_dir/curl.err" | head -n 3)
check broker-url, the broker's certificate (trusted by this runner?) and the network path from the runner"
        rm -f "$wif_dir/curl.err"
        return 1
    fi
    rm -f "$wif_dir/curl.err"
    wif_status=${wif_resp##*"$wif_nl"}
    wif_body=${wif_resp%"$wif_nl"*}
    unset wif_config wif_resp
}

# A refused exchange: error, reason, the first failing claim and the decision id, as the broker answered them.
wif_report_refusal() {
    wif_error=$(wif_json_string error "$wif_body")
    wif_reason=$(wif_json_string reason "$wif_body")
    wif_description=$(wif_json_string error_description "$wif_body")
    wif_decision=$(wif_json_string decision_id "$wif_body")
    wif_claim=$(printf '%s' "$wif_description" | sed -n "s/.*(first failing claim: '\([^']*\)').*/\1/p;s/.*(claim '\([^']*\)').*/\1/p")
    if [ -z "$wif_error" ]; then
        wif_fail "wif-broker: unexpected answer" "the broker at $wif_url answered HTTP $wif_status without an OAuth error body: is broker-url the broker's base URL?"
        return 1
    fi
    wif_hint=''
    case $wif_reason in
        audience_mismatch) wif_hint="the ID token's audience is not one of the broker issuer's audiences: set the audience input to one of them" ;;
        no_matching_rule | denied_by_rule) wif_hint="the role's trust rules do not admit this job${wif_claim:+ (claim $wif_claim)}; an operator can look the decision id up (GET /admin/v1/decisions, or the audit log)" ;;
        unknown_role) wif_hint="no role '$WIF_ROLE' on this broker" ;;
        scope_not_allowed) wif_hint="scope asks for more than the role grants" ;;
        rate_limited | jwks_unavailable | upstream_unavailable) wif_hint="temporary: retry the job later" ;;
    esac
    if [ -n "$wif_hint" ]; then
        wif_hint="
hint: $wif_hint"
    fi
    wif_fail "wif-broker: exchange refused ($wif_reason)" "the broker refused role '$WIF_ROLE' (HTTP $wif_status)
error: $wif_error
reason: ${wif_reason:-none}
claim: ${wif_claim:-none}
decision_id: ${wif_decision:-none}
description: $wif_description$wif_hint"
    return 1
}

wif_need() { # NAME VALUE: a field the success answer must carry
    if [ -z "$2" ]; then
        wif_fail "wif-broker: unexpected answer" "the broker's answer for role '$WIF_ROLE' has no $1 (target $WIF_TARGET; does the role have a $WIF_TARGET target?)"
        return 1
    fi
}

wif_write_secret_file() { # FILE VALUE: 0600, no trailing newline (the SDKs read token files raw)
    (umask 077 && printf '%s' "$2" >"$1")
}

wif_deliver_aws() {
    wif_key_id=$(wif_json_string aws_access_key_id "$wif_body")
    wif_secret=$(wif_json_string aws_secret_access_key "$wif_body")
    wif_session=$(wif_json_string aws_session_token "$wif_body")
    if ! wif_need aws_access_key_id "$wif_key_id" || ! wif_need aws_secret_access_key "$wif_secret" \
        || ! wif_need aws_session_token "$wif_session"; then
        return 1
    fi
    wif_mask "$wif_key_id"
    wif_mask "$wif_secret"
    wif_mask "$wif_session"
    wif_export AWS_ACCESS_KEY_ID "$wif_key_id"
    wif_export AWS_SECRET_ACCESS_KEY "$wif_secret"
    wif_export AWS_SESSION_TOKEN "$wif_session"
    wif_region=${WIF_AWS_REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}
    if [ -n "$wif_region" ]; then
        wif_export AWS_REGION "$wif_region"
        wif_export AWS_DEFAULT_REGION "$wif_region"
    fi
    wif_output aws-expiration "$(wif_json_string expiration "$wif_body")"
    unset wif_key_id wif_secret wif_session wif_region
}

# An external_account file the Google libraries and gcloud refresh through the broker themselves: token_url
# is the broker, audience the role, no impersonation URL (the broker returns the final token).
wif_deliver_gcp() {
    wif_file="$wif_dir/gcp-credentials.json"
    if ! wif_source=$(wif_gcp_source "$wif_dir/gcp-subject-token"); then
        return 1
    fi
    (umask 077 && cat >"$wif_file" <<EOF
{
  "type": "external_account",
  "audience": "$WIF_ROLE",
  "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
  "token_url": "$wif_url/v1/token",
  "token_info_url": "$wif_url/v1/introspect",
  "credential_source": $wif_source
}
EOF
    )
    wif_export GOOGLE_APPLICATION_CREDENTIALS "$wif_file"
    wif_export CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE "$wif_file"
    wif_output credentials-file "$wif_file"
    wif_output access-token "$wif_token"
    unset wif_file wif_source
}

wif_deliver_azure() {
    if [ "$wif_issued_type" = "urn:ietf:params:oauth:token-type:access_token" ]; then
        # Role mode token: the broker redeemed its assertion at Entra itself; this is Entra's access token.
        wif_output access-token "$wif_token"
        return 0
    fi
    if [ -z "${WIF_AZURE_CLIENT_ID:-}" ] || [ -z "${WIF_AZURE_TENANT_ID:-}" ]; then
        wif_fail "wif-broker: azure-client-id and azure-tenant-id are required" "role '$WIF_ROLE' answers an Entra assertion (mode: assertion): set azure-client-id and azure-tenant-id to the role's clientId and tenantId, so azure-identity and az can redeem it"
        return 1
    fi
    wif_file="$wif_dir/azure-federated-token"
    wif_write_secret_file "$wif_file" "$wif_token"
    wif_export AZURE_CLIENT_ID "$WIF_AZURE_CLIENT_ID"
    wif_export AZURE_TENANT_ID "$WIF_AZURE_TENANT_ID"
    wif_export AZURE_FEDERATED_TOKEN_FILE "$wif_file"
    wif_export AZURE_AUTHORITY_HOST "${WIF_AZURE_AUTHORITY_HOST:-https://login.microsoftonline.com/}"
    wif_output federated-token-file "$wif_file"
    unset wif_file
}

wif_broker_main() {
    wif_check_inputs || return 1
    wif_id_token || return 1
    if ! wif_check_jwt "$wif_subject_token"; then
        wif_fail "wif-broker: not an ID token" "the job's ID token is not a compact JWT; nothing was sent to the broker"
        return 1
    fi
    wif_mask "$wif_subject_token"
    wif_post_exchange || return 1
    if [ "$wif_status" != 200 ]; then
        wif_report_refusal
        return 1
    fi
    wif_token=$(wif_json_string access_token "$wif_body")
    wif_need access_token "$wif_token" || return 1
    wif_mask "$wif_token"
    wif_issued_type=$(wif_json_string issued_token_type "$wif_body")
    case $WIF_TARGET in
        aws) wif_deliver_aws || return 1 ;;
        gcp) wif_deliver_gcp || return 1 ;;
        azure) wif_deliver_azure || return 1 ;;
        internal) wif_output token "$wif_token" ;;
    esac
    wif_output expires-in "$(wif_json_number expires_in "$wif_body")"
    wif_output issued-token-type "$wif_issued_type"
    echo "wif-broker: obtained role '$WIF_ROLE' ($WIF_TARGET) from $wif_url, expires in $(wif_json_number expires_in "$wif_body") s"
    unset wif_body wif_token wif_subject_token wif_issued_type wif_status
}
