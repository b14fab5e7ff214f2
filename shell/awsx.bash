# awsx hook for bash. Put this line in ~/.bashrc:
#
#     eval "$(awsx init bash)"
#
# It defines
#   awsx               a function around the awsx binary: `awsx use PROFILE [options]`
#                      exports the profile's session into this shell, `awsx use --unset`
#                      removes it again; every other command goes to the binary as it is.
#   awsx_prompt_info   prints the active session and its time left, e.g. "prod 11h42m":
#                      PS1='$(awsx_prompt_info) \$ '
# and, before each prompt, a check of the session's expiry: with under 5 minutes left it
# renews the session when that needs no MFA code or passphrase (e.g. from the cache),
# else it prints one warning. AWSX_NO_RENEW=1 turns renewal off.
#
# Private names start with __awsx_; the hook prints nothing while no session is active,
# and keeps $? for the rest of the prompt.
# shellcheck shell=bash

function awsx {
    if [[ ${1-} == use ]]; then
        \builtin shift
        __awsx_use "$@"
    else
        \command awsx "$@"
    fi
}

# Runs `awsx use` in the binary, which prints quoted assignments for this shell, and
# evaluates them; anything else it prints (help, nothing on an error) is shown instead.
function __awsx_use {
    \builtin local __awsx_out __awsx_status
    # The binary must not take the session it replaces for the user's settings (its region).
    __awsx_out=$(__awsx_forget; \command awsx use "$@" --shell bash)
    __awsx_status=$?
    if [[ $__awsx_status != 0 || $__awsx_out != '# awsx use'* ]]; then
        [[ -z $__awsx_out ]] || \builtin printf '%s\n' "$__awsx_out"
        \builtin return "$__awsx_status"
    fi
    __awsx_forget
    \builtin eval -- "$__awsx_out"
    __awsx_key=${AWS_ACCESS_KEY_ID-}
}

# Removes what the last `awsx use` of this shell set, and its private state.
function __awsx_forget {
    if [[ -n ${__awsx_set+set} ]]; then
        \builtin unset "${__awsx_set[@]}"
    fi
    \builtin unset __awsx_set __awsx_args __awsx_key __awsx_tried
}

# `awsx use --unset`: the binary passes the variables any `use` sets.
function __awsx_unset {
    \builtin unset "$@"
    __awsx_forget
}

# Sets __awsx_exp_epoch to the Unix time of the ISO 8601 timestamp $1, as in
# AWS_CREDENTIAL_EXPIRATION (2026-01-02T03:04:05+00:00); status 1 when $1 is not one.
function __awsx_epoch {
    \builtin local re='^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|([+-])([0-9]{2}):?([0-9]{2}))$'
    [[ $1 =~ $re ]] || \builtin return 1
    \builtin local -i y=10#${BASH_REMATCH[1]} m=10#${BASH_REMATCH[2]} d=10#${BASH_REMATCH[3]}
    \builtin local -i offset=0 era yoe doy
    if [[ -n ${BASH_REMATCH[9]} ]]; then
        offset=$((10#${BASH_REMATCH[10]} * 3600 + 10#${BASH_REMATCH[11]} * 60))
        [[ ${BASH_REMATCH[9]} == - ]] && ((offset = -offset))
    fi
    # Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    ((m <= 2)) && ((y -= 1))
    ((era = y / 400, yoe = y - era * 400, doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1))
    __awsx_exp_epoch=$(((era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468) * 86400 +
        10#${BASH_REMATCH[4]} * 3600 + 10#${BASH_REMATCH[5]} * 60 + 10#${BASH_REMATCH[6]} - offset))
}

# Sets __awsx_left to the seconds the exported session has left; status 1 when
# AWS_CREDENTIAL_EXPIRATION can't be read. No process is started.
function __awsx_seconds_left {
    if [[ ${__awsx_exp_text-} != "${AWS_CREDENTIAL_EXPIRATION-}" ]]; then
        __awsx_epoch "${AWS_CREDENTIAL_EXPIRATION-}" || \builtin return 1
        __awsx_exp_text=$AWS_CREDENTIAL_EXPIRATION
    fi
    \builtin local __awsx_now
    \builtin printf -v __awsx_now '%(%s)T' -1
    __awsx_left=$((__awsx_exp_epoch - __awsx_now))
}

# Sets __awsx_left_text to __awsx_left as 11h42m, 4m or 30s.
function __awsx_format_left {
    if ((__awsx_left >= 3600)); then
        \builtin printf -v __awsx_left_text '%dh%02dm' $((__awsx_left / 3600)) $((__awsx_left % 3600 / 60))
    elif ((__awsx_left >= 60)); then
        __awsx_left_text=$((__awsx_left / 60))m
    else
        __awsx_left_text=${__awsx_left}s
    fi
}

# Prints the active session's profile and time left: "prod 11h42m", "prod expired", or
# just "prod" for a session without an expiry; nothing without a session.
function awsx_prompt_info {
    \builtin local __awsx_status=$?
    if [[ -n ${AWSX_PROFILE-} ]]; then
        if [[ -z ${AWS_CREDENTIAL_EXPIRATION-} ]] || ! __awsx_seconds_left; then
            \builtin printf '%s' "$AWSX_PROFILE"
        elif ((__awsx_left <= 0)); then
            \builtin printf '%s expired' "$AWSX_PROFILE"
        else
            __awsx_format_left
            \builtin printf '%s %s' "$AWSX_PROFILE" "$__awsx_left_text"
        fi
    fi
    \builtin return "$__awsx_status"
}

# With under 5 minutes left, renews the session once without any prompt, else warns once.
function __awsx_check_expiry {
    __awsx_seconds_left || \builtin return 0
    ((__awsx_left < 300)) || \builtin return 0
    __awsx_tried=$AWS_CREDENTIAL_EXPIRATION
    # Only a session this shell's `awsx use` made, and that nothing replaced since.
    if [[ ${AWSX_NO_RENEW:-0} == 0 && -n ${__awsx_args+set} && ${__awsx_key-} == "${AWS_ACCESS_KEY_ID-}" ]]; then
        \builtin local __awsx_out
        \builtin local -a __awsx_renew
        __awsx_renew=("${__awsx_args[@]}")
        if __awsx_out=$(__awsx_forget; \command awsx use "${__awsx_renew[@]}" --shell bash --no-prompt 2>/dev/null) &&
            [[ $__awsx_out == '# awsx use'* ]]; then
            __awsx_forget
            \builtin eval -- "$__awsx_out"
            __awsx_key=${AWS_ACCESS_KEY_ID-}
            [[ -z ${AWS_CREDENTIAL_EXPIRATION-} ]] && \builtin return 0
            __awsx_seconds_left && ((__awsx_left >= 300)) && \builtin return 0
            __awsx_tried=${AWS_CREDENTIAL_EXPIRATION-}
        fi
    fi
    \builtin local __awsx_when=expired
    if ((__awsx_left > 0)); then
        __awsx_format_left
        __awsx_when="ends in $__awsx_left_text"
    fi
    \builtin printf 'awsx: the session of %s %s; renew it with: awsx use %s\n' \
        "$AWSX_PROFILE" "$__awsx_when" "$AWSX_PROFILE" >&2
}

function __awsx_hook {
    \builtin local __awsx_status=$?
    if [[ -n ${AWSX_PROFILE-} && -n ${AWS_CREDENTIAL_EXPIRATION-} &&
        ${__awsx_tried-} != "$AWS_CREDENTIAL_EXPIRATION" ]]; then
        __awsx_check_expiry
    fi
    \builtin return "$__awsx_status"
}

# First in PROMPT_COMMAND (a string, or an array since bash 5.1), so that it sees the
# command's $? and hands it on; sourcing this file again adds nothing.
if [[ $(\builtin declare -p PROMPT_COMMAND 2>/dev/null) == 'declare -a'* ]]; then
    if [[ " ${PROMPT_COMMAND[*]} " != *' __awsx_hook '* ]]; then
        PROMPT_COMMAND=(__awsx_hook "${PROMPT_COMMAND[@]}")
    fi
elif [[ ${PROMPT_COMMAND-} != *__awsx_hook* ]]; then
    # shellcheck disable=SC2128,SC2178 # here PROMPT_COMMAND is a string
    PROMPT_COMMAND="__awsx_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi
