#!/bin/sh
# The GitHub Action's adapter (action.yml runs it): the job's ID token from the Actions runtime, secrets
# masked with ::add-mask::, results through $GITHUB_ENV and $GITHUB_OUTPUT, errors as ::error:: annotations.
# The exchange itself is ../wif-broker.sh, shared with the GitLab component.

# Workflow command data: %, CR and LF escaped, as @actions/core does.
wif_command_data() {
    printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/\r/%0D/g' | awk 'NR > 1 { printf "%%0A" } { printf "%s", $0 }'
}

wif_command_property() {
    wif_command_data "$1" | sed -e 's/:/%3A/g' -e 's/,/%2C/g'
}

wif_fail() {
    printf '::error title=%s::%s\n' "$(wif_command_property "$1")" "$(wif_command_data "$2")"
}

wif_mask() {
    if [ -n "$1" ]; then
        printf '::add-mask::%s\n' "$1"
    fi
}

# NAME<<DELIMITER syntax: safe for any value, line breaks included; the delimiter is random per write.
wif_append() { # FILE NAME VALUE
    wif_delimiter="ghadelimiter_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    case $3 in
        *"$wif_delimiter"*) wif_fail "wif-broker: cannot write $2" "the value of $2 contains the delimiter"; return 1 ;;
    esac
    printf '%s<<%s\n%s\n%s\n' "$2" "$wif_delimiter" "$3" "$wif_delimiter" >>"$1"
}

wif_export() {
    wif_append "$GITHUB_ENV" "$1" "$2"
}

wif_output() {
    wif_append "$GITHUB_OUTPUT" "$1" "$2"
}

wif_id_token() {
    if [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ] || [ -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]; then
        wif_fail "wif-broker: this job may not request an ID token" "GitHub gave this job no OIDC ID token (ACTIONS_ID_TOKEN_REQUEST_URL is not set). Add to the workflow, or to this job:

permissions:
  id-token: write
  contents: read

A permissions block replaces the default permissions, so keep contents: read for actions/checkout. Workflows run for pull requests from forks never get an ID token."
        return 1
    fi
    case $ACTIONS_ID_TOKEN_REQUEST_URL in
        *[[:space:]\"\\]*) wif_fail "wif-broker: bad ACTIONS_ID_TOKEN_REQUEST_URL" "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL"; return 1 ;;
    esac
    case $ACTIONS_ID_TOKEN_REQUEST_TOKEN in
        *[!A-Za-z0-9._~+/=-]*) wif_fail "wif-broker: bad ACTIONS_ID_TOKEN_REQUEST_TOKEN" "ACTIONS_ID_TOKEN_REQUEST_TOKEN is not a bearer token"; return 1 ;;
    esac
    wif_mask "$ACTIONS_ID_TOKEN_REQUEST_TOKEN"
    wif_audience=${WIF_AUDIENCE:-$wif_url}
    # The request token goes to curl on stdin, not on its command line; the runtime is retried like @actions/core does.
    if ! wif_answer=$(printf 'url = "%s"\nheader = "Authorization: Bearer %s"\nheader = "Accept: application/json"\n' \
        "$(wif_curl_quote "$ACTIONS_ID_TOKEN_REQUEST_URL")" "$ACTIONS_ID_TOKEN_REQUEST_TOKEN" \
        | curl -sS -G --data-urlencode "audience=$wif_audience" --connect-timeout 10 --max-time 60 --retry 3 \
            -w '\n%{http_code}' -K - 2>"$wif_dir/curl.err"); then
        wif_fail "wif-broker: no ID token" "the ID-token request to the Actions runtime failed: $(tr -d '\r' <"$wif_dir/curl.err" | head -n 3)"
        rm -f "$wif_dir/curl.err"
        return 1
    fi
    rm -f "$wif_dir/curl.err"
    wif_code=${wif_answer##*"
"}
    wif_subject_token=$(wif_json_string value "${wif_answer%"
"*}")
    unset wif_answer
    if [ "$wif_code" != 200 ] || [ -z "$wif_subject_token" ]; then
        wif_fail "wif-broker: no ID token" "the Actions runtime answered the ID-token request with HTTP $wif_code and no token (audience '$wif_audience')"
        return 1
    fi
}

# Google's libraries fetch a fresh ID token from the runtime at every refresh (GitHub's tokens live minutes,
# the job maybe longer), exactly as they would with google-github-actions/auth: a url-sourced subject token.
# The file therefore holds ACTIONS_ID_TOKEN_REQUEST_TOKEN, which every step of this job can read anyway.
wif_gcp_source() {
    wif_source_url="$ACTIONS_ID_TOKEN_REQUEST_URL&audience=$(printf '%s' "$wif_audience" | od -An -tx1 -v | tr -d ' \n' | sed 's/../%&/g')"
    printf '{\n    "url": "%s",\n    "headers": {"Authorization": "Bearer %s"},\n    "format": {"type": "json", "subject_token_field_name": "value"}\n  }' \
        "$wif_source_url" "$ACTIONS_ID_TOKEN_REQUEST_TOKEN"
}

wif_here=$(dirname "$0")
# shellcheck source=ci/wif-broker.sh
. "$wif_here/../wif-broker.sh"

if [ -z "${GITHUB_ENV:-}" ] || [ -z "${GITHUB_OUTPUT:-}" ]; then
    wif_fail "wif-broker: not a GitHub Actions step" "GITHUB_ENV and GITHUB_OUTPUT are not set"
    exit 1
fi
wif_dir=$(umask 077 && mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/wif-broker.XXXXXX") || exit 1
wif_broker_main || exit 1
