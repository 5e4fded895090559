# shellcheck shell=sh
# The GitLab component's adapter: templates/credentials.yml embeds ../wif-broker.sh followed by this file in
# the job's before_script (ci/gitlab/generate.sh writes it), so it runs in the job's own shell and what it
# exports is there for the script lines that follow. GitLab has no runtime masking: nothing secret is printed.

wif_fail() {
    printf '\033[31;1mERROR: %s\033[0m\n%s\n' "$1" "$2" >&2
}

wif_mask() {
    :
}

wif_export() {
    export "$1=$2"
}

# Step outputs become WIF_BROKER_<NAME>: token -> WIF_BROKER_TOKEN, credentials-file -> WIF_BROKER_CREDENTIALS_FILE.
wif_output() {
    wif_export "WIF_BROKER_$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')" "$2"
}

wif_id_token() {
    wif_variable=${WIF_ID_TOKEN_VARIABLE:-WIF_ID_TOKEN}
    case $wif_variable in
        '' | [!A-Za-z_]* | *[!A-Za-z0-9_]*) wif_fail "wif-broker: bad id-token input" "id-token must name a variable (got '$wif_variable')"; return 1 ;;
    esac
    eval "wif_subject_token=\${$wif_variable:-}"
    if [ -z "$wif_subject_token" ]; then
        wif_fail "wif-broker: this job has no ID token" "\$$wif_variable is empty: declare the ID token in the job:

id_tokens:
  $wif_variable:
    aud: ${WIF_AUDIENCE:-$wif_url}
"
        return 1
    fi
}

# GitLab's ID token lives as long as the job may run, so the Google libraries re-read it from a file.
wif_gcp_source() {
    wif_write_secret_file "$1" "$wif_subject_token"
    printf '{"file": "%s", "format": {"type": "text"}}' "$1"
}

# WIF_BROKER_DIR holds the files (token files, the Google credential file); a shell executor keeps it until
# the job's script removes it.
if wif_dir=$(umask 077 && mktemp -d "${TMPDIR:-/tmp}/wif-broker.XXXXXX") && export WIF_BROKER_DIR="$wif_dir" \
    && wif_broker_main; then
    unset wif_dir wif_url wif_lifetime wif_variable wif_nl wif_n wif_audience
else
    exit 1
fi
