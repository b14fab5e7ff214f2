# awsx hook for fish. Put this line in ~/.config/fish/config.fish:
#
#     awsx init fish | source
#
# It defines
#   awsx               a function around the awsx binary: `awsx use PROFILE [options]`
#                      exports the profile's session into this shell, `awsx use --unset`
#                      removes it again; every other command goes to the binary as it is.
#   awsx_prompt_info   prints the active session and its time left, e.g. "prod 11h42m",
#                      for fish_prompt: echo -n (awsx_prompt_info)
# and a fish_prompt event handler that checks the session's expiry: with under 5 minutes
# left it renews the session when that needs no MFA code or passphrase (e.g. from the
# cache), else it prints one warning. AWSX_NO_RENEW=1 turns renewal off.
#
# Private names start with __awsx_; the handler prints nothing while no session is
# active, and keeps $status. Sourcing this file again replaces the functions, so the
# handler is never registered twice.

function awsx --description 'awsx, with `awsx use` for sessions in this shell'
    if test "$argv[1]" = use
        __awsx_use $argv[2..-1]
    else
        command awsx $argv
    end
end

# Runs `awsx use` in the binary, which prints quoted assignments for this shell, and
# sources them; anything else it prints (help, nothing on an error) is shown instead.
function __awsx_use
    # The binary must not take the session it replaces for the user's settings (its region).
    set -l out (command env (__awsx_without_session) awsx use $argv --shell fish)
    set -l code $status
    if test $code -ne 0 -o "$out[1]" != '# awsx use --shell fish'
        test -z "$out"; or printf '%s\n' $out
        return $code
    end
    __awsx_forget
    string join \n -- $out | source
    set -g __awsx_key $AWS_ACCESS_KEY_ID
    # fish's set keeps the status before it, so `awsx use prod; and ...` needs this.
    return 0
end

# Removes what the last `awsx use` of this shell set, and its private state.
function __awsx_forget
    set -q __awsx_set[1]; and set -e -g $__awsx_set
    set -e -g __awsx_set __awsx_args __awsx_key __awsx_tried
    return 0
end

# Prints the env(1) arguments that remove what the last `awsx use` set.
function __awsx_without_session
    for name in $__awsx_set
        printf '%s\n' -u $name
    end
end

# `awsx use --unset`: the binary passes the variables any `use` sets.
function __awsx_unset
    set -e -g $argv
    __awsx_forget
end

# Sets __awsx_exp_epoch to the Unix time of the ISO 8601 timestamp $argv[1], as in
# AWS_CREDENTIAL_EXPIRATION (2026-01-02T03:04:05+00:00); status 1 when it is not one.
function __awsx_epoch
    set -l f (string replace -rf -- '^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:[Zz]|([+-])(\d\d):?(\d\d))$' '$1 $2 $3 $4 $5 $6 ${7}1 0$8 0$9' $argv[1] | string split ' ')
    or return 1
    # Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    set -l y $f[1]
    set -l m (math $f[2] + 9)
    if test $f[2] -le 2
        set y (math $y - 1)
    else
        set m (math $f[2] - 3)
    end
    set -l era (math "floor($y / 400)")
    set -l yoe (math "$y - $era * 400")
    set -l doy (math "floor((153 * $m + 2) / 5) + $f[3] - 1")
    set -l days (math "$era * 146097 + $yoe * 365 + floor($yoe / 4) - floor($yoe / 100) + $doy - 719468")
    set -g __awsx_exp_epoch (math "$days * 86400 + $f[4] * 3600 + $f[5] * 60 + $f[6] - $f[7] * ($f[8] * 3600 + $f[9] * 60)")
end

# Sets __awsx_left to the seconds the exported session has left; status 1 when
# AWS_CREDENTIAL_EXPIRATION can't be read.
function __awsx_seconds_left
    if test "$__awsx_exp_text" != "$AWS_CREDENTIAL_EXPIRATION"
        __awsx_epoch "$AWS_CREDENTIAL_EXPIRATION"; or return 1
        set -g __awsx_exp_text $AWS_CREDENTIAL_EXPIRATION
    end
    # fish has no builtin clock; this runs only while a session is active.
    set -g __awsx_left (math $__awsx_exp_epoch - (command date +%s))
end

# Prints __awsx_left as 11h42m, 4m or 30s.
function __awsx_format_left
    if test $__awsx_left -ge 3600
        printf '%dh%02dm' (math "floor($__awsx_left / 3600)") (math "floor($__awsx_left % 3600 / 60)")
    else if test $__awsx_left -ge 60
        printf '%dm' (math "floor($__awsx_left / 60)")
    else
        printf '%ds' $__awsx_left
    end
end

# Prints the active session's profile and time left: "prod 11h42m", "prod expired", or
# just "prod" for a session without an expiry; nothing without a session.
function awsx_prompt_info --description 'the active awsx session and its time left'
    set -l code $status
    if test -n "$AWSX_PROFILE"
        if test -z "$AWS_CREDENTIAL_EXPIRATION"; or not __awsx_seconds_left
            printf '%s' "$AWSX_PROFILE"
        else if test $__awsx_left -le 0
            printf '%s expired' "$AWSX_PROFILE"
        else
            printf '%s %s' "$AWSX_PROFILE" (__awsx_format_left)
        end
    end
    return $code
end

# With under 5 minutes left, renews the session once without any prompt, else warns once.
function __awsx_check_expiry
    __awsx_seconds_left; or return 0
    test $__awsx_left -lt 300; or return 0
    set -g __awsx_tried $AWS_CREDENTIAL_EXPIRATION
    # Only a session this shell's `awsx use` made, and that nothing replaced since.
    if test "$AWSX_NO_RENEW" = 0 -o -z "$AWSX_NO_RENEW"; and set -q __awsx_args[1]; and test "$__awsx_key" = "$AWS_ACCESS_KEY_ID"
        set -l out (command env (__awsx_without_session) awsx use $__awsx_args --shell fish --no-prompt 2>/dev/null)
        if test $status -eq 0 -a "$out[1]" = '# awsx use --shell fish'
            __awsx_forget
            string join \n -- $out | source
            set -g __awsx_key $AWS_ACCESS_KEY_ID
            test -z "$AWS_CREDENTIAL_EXPIRATION"; and return 0
            __awsx_seconds_left; and test $__awsx_left -ge 300; and return 0
            set -g __awsx_tried $AWS_CREDENTIAL_EXPIRATION
        end
    end
    set -l when expired
    test $__awsx_left -gt 0; and set when "ends in "(__awsx_format_left)
    printf 'awsx: the session of %s %s; renew it with: awsx use %s\n' "$AWSX_PROFILE" "$when" "$AWSX_PROFILE" >&2
end

function __awsx_hook --on-event fish_prompt
    set -l code $status
    if test -n "$AWSX_PROFILE" -a -n "$AWS_CREDENTIAL_EXPIRATION" -a "$__awsx_tried" != "$AWS_CREDENTIAL_EXPIRATION"
        __awsx_check_expiry
    end
    return $code
end
