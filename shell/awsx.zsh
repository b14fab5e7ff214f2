# awsx hook for zsh. Put this line in ~/.zshrc:
#
#     eval "$(awsx init zsh)"
#
# It defines
#   awsx               a function around the awsx binary: `awsx use PROFILE [options]`
#                      exports the profile's session into this shell, `awsx use --unset`
#                      removes it again; every other command goes to the binary as it is.
#   awsx_prompt_info   prints the active session and its time left, e.g. "prod 11h42m":
#                      setopt prompt_subst; PROMPT='$(awsx_prompt_info) %# '
# and a precmd hook that checks the session's expiry: with under 5 minutes left it
# renews the session when that needs no MFA code or passphrase (e.g. from the cache),
# else it prints one warning. AWSX_NO_RENEW=1 turns renewal off.
#
# Private names start with __awsx_; the hook prints nothing while no session is active,
# and keeps $? for the rest of the prompt. The file is also valid bash syntax, which
# lets ShellCheck lint it.
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
    \builtin emulate -L zsh
    \builtin local __awsx_out __awsx_status
    # The binary must not take the session it replaces for the user's settings (its region).
    __awsx_out=$(__awsx_forget; \command awsx use "$@" --shell zsh)
    __awsx_status=$?
    if [[ $__awsx_status != 0 || $__awsx_out != '# awsx use'* ]]; then
        [[ -z $__awsx_out ]] || \builtin print -r -- "$__awsx_out"
        \builtin return "$__awsx_status"
    fi
    __awsx_forget
    \builtin eval "$__awsx_out"
    \builtin typeset -g __awsx_key=${AWS_ACCESS_KEY_ID-}
}

# Removes what the last `awsx use` of this shell set, and its private state.
function __awsx_forget {
    \builtin emulate -L zsh
    if [[ -n ${__awsx_set+set} ]]; then
        \builtin unset "${__awsx_set[@]}"
    fi
    \builtin unset __awsx_set __awsx_args __awsx_key __awsx_tried
}

# `awsx use --unset`: the binary passes the variables any `use` sets.
function __awsx_unset {
    \builtin emulate -L zsh
    \builtin unset "$@"
    __awsx_forget
}

# Sets __awsx_exp_epoch to the Unix time of the ISO 8601 timestamp $1, as in
# AWS_CREDENTIAL_EXPIRATION (2026-01-02T03:04:05+00:00); status 1 when $1 is not one.
function __awsx_epoch {
    \builtin emulate -L zsh
    \builtin local re='^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|([+-])([0-9]{2}):?([0-9]{2}))$'
    [[ $1 =~ $re ]] || \builtin return 1
    \builtin local -i y=10#${match[1]} m=10#${match[2]} d=10#${match[3]}
    \builtin local -i offset=0 era yoe doy
    if [[ -n ${match[9]} ]]; then
        offset=$((10#${match[10]} * 3600 + 10#${match[11]} * 60))
        [[ ${match[9]} == - ]] && ((offset = -offset))
    fi
    # Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    ((m <= 2)) && ((y -= 1))
    ((era = y / 400, yoe = y - era * 400, doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1))
    \builtin typeset -g -i __awsx_exp_epoch=$(((era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468) * 86400 +
        10#${match[4]} * 3600 + 10#${match[5]} * 60 + 10#${match[6]} - offset))
}

# Sets __awsx_left to the seconds the exported session has left; status 1 when
# AWS_CREDENTIAL_EXPIRATION can't be read. No process is started.
function __awsx_seconds_left {
    \builtin emulate -L zsh
    if [[ ${__awsx_exp_text-} != "${AWS_CREDENTIAL_EXPIRATION-}" ]]; then
        __awsx_epoch "${AWS_CREDENTIAL_EXPIRATION-}" || \builtin return 1
        \builtin typeset -g __awsx_exp_text=$AWS_CREDENTIAL_EXPIRATION
    fi
    \builtin typeset -g -i __awsx_left=$((__awsx_exp_epoch - EPOCHSECONDS))
}

# Sets __awsx_left_text to __awsx_left as 11h42m, 4m or 30s.
function __awsx_format_left {
    \builtin emulate -L zsh
    if ((__awsx_left >= 3600)); then
        \builtin typeset -g __awsx_left_text
        \builtin printf -v __awsx_left_text '%dh%02dm' $((__awsx_left / 3600)) $((__awsx_left % 3600 / 60))
    elif ((__awsx_left >= 60)); then
        \builtin typeset -g __awsx_left_text=$((__awsx_left / 60))m
    else
        \builtin typeset -g __awsx_left_text=${__awsx_left}s
    fi
}

# Prints the active session's profile and time left: "prod 11h42m", "prod expired", or
# just "prod" for a session without an expiry; nothing without a session.
function awsx_prompt_info {
    \builtin local __awsx_status=$?
    \builtin emulate -L zsh
    if [[ -n ${AWSX_PROFILE-} ]]; then
        if [[ -z ${AWS_CREDENTIAL_EXPIRATION-} ]] || ! __awsx_seconds_left; then
            \builtin print -rn -- "$AWSX_PROFILE"
        elif ((__awsx_left <= 0)); then
            \builtin print -rn -- "$AWSX_PROFILE expired"
        else
            __awsx_format_left
            \builtin print -rn -- "$AWSX_PROFILE $__awsx_left_text"
        fi
    fi
    \builtin return "$__awsx_status"
}

# With under 5 minutes left, renews the session once without any prompt, else warns once.
function __awsx_check_expiry {
    \builtin emulate -L zsh
    __awsx_seconds_left || \builtin return 0
    ((__awsx_left < 300)) || \builtin return 0
    \builtin typeset -g __awsx_tried=$AWS_CREDENTIAL_EXPIRATION
    # Only a session this shell's `awsx use` made, and that nothing replaced since.
    if [[ ${AWSX_NO_RENEW:-0} == 0 && -n ${__awsx_args+set} && ${__awsx_key-} == "${AWS_ACCESS_KEY_ID-}" ]]; then
        \builtin local __awsx_out
        \builtin local -a __awsx_renew
        __awsx_renew=("${__awsx_args[@]}")
        if __awsx_out=$(__awsx_forget; \command awsx use "${__awsx_renew[@]}" --shell zsh --no-prompt 2>/dev/null) &&
            [[ $__awsx_out == '# awsx use'* ]]; then
            __awsx_forget
            \builtin eval "$__awsx_out"
            \builtin typeset -g __awsx_key=${AWS_ACCESS_KEY_ID-}
            [[ -z ${AWS_CREDENTIAL_EXPIRATION-} ]] && \builtin return 0
            __awsx_seconds_left && ((__awsx_left >= 300)) && \builtin return 0
            \builtin typeset -g __awsx_tried=${AWS_CREDENTIAL_EXPIRATION-}
        fi
    fi
    \builtin local __awsx_when=expired
    if ((__awsx_left > 0)); then
        __awsx_format_left
        __awsx_when="ends in $__awsx_left_text"
    fi
    \builtin print -ru2 -- "awsx: the session of $AWSX_PROFILE $__awsx_when; renew it with: awsx use $AWSX_PROFILE"
}

function __awsx_hook {
    \builtin local __awsx_status=$?
    \builtin emulate -L zsh
    if [[ -n ${AWSX_PROFILE-} && -n ${AWS_CREDENTIAL_EXPIRATION-} &&
        ${__awsx_tried-} != "$AWS_CREDENTIAL_EXPIRATION" ]]; then
        __awsx_check_expiry
    fi
    \builtin return "$__awsx_status"
}

# EPOCHSECONDS tells the time without starting a process; add-zsh-hook adds the hook
# only once, however often this file is sourced.
\builtin zmodload -F zsh/datetime p:EPOCHSECONDS
\builtin autoload -Uz add-zsh-hook
add-zsh-hook precmd __awsx_hook
