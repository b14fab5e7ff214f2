#!/bin/sh
# Runs "$@" against a throwaway GNOME Keyring on a private D-Bus session bus:
#   run-with-keyring.sh <test-binary> [args...]
# The keyring lives in a temporary HOME, is unlocked with a fixed password, and there is
# no display, so nothing can ever prompt. The daemon and the bus end with the command.
set -eu

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-with-keyring.sh: $tool is missing: install gnome-keyring dbus (apt-get install gnome-keyring dbus)" >&2
    exit 1
  fi
done

__awsx_scratch=$(mktemp -d "${TMPDIR:-/tmp}/awsx-keyring-XXXXXX")
trap 'rm -rf "$__awsx_scratch"' EXIT INT TERM
mkdir -m 700 "$__awsx_scratch/home" "$__awsx_scratch/run"

# Only the private bus and the throwaway keyring are reachable from here on.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
export HOME="$__awsx_scratch/home"
export XDG_RUNTIME_DIR="$__awsx_scratch/run"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
export AWSX_TEST_PRIVATE_KEYRING=1

# shellcheck disable=SC2016 # expanded by the inner shell
dbus-run-session -- sh -c '
  printf "%s" awsx-test-password |
    gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  daemon=$!
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
          org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q "boolean true"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ] || ! kill -0 "$daemon" 2>/dev/null; then
      echo "run-with-keyring.sh: gnome-keyring-daemon did not start (gnome-keyring installed?)" >&2
      kill "$daemon" 2>/dev/null
      exit 1
    fi
    sleep 0.05
  done
  status=0
  "$@" || status=$?
  kill "$daemon" 2>/dev/null
  wait "$daemon" 2>/dev/null
  exit "$status"
' sh "$@"
# (dbus-daemon may log "Failed to set fd limit" in containers; that is harmless.)
