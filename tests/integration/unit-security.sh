#!/bin/sh
# The systemd unit is hardened: `systemd-analyze security --offline=true`
# rates its exposure at most 2.0, and it may write only /var/lib/signage.
# Skipped (exit 77) where systemd-analyze has no --offline (before systemd 250).
set -eu
unit=$1
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIPPED unit_security: no systemd-analyze here"; exit 77
fi
out=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1) || {
    if echo "$out" | grep -q "unrecognized option\|Unknown option"; then
        echo "SKIPPED unit_security: systemd-analyze has no --offline"; exit 77
    fi
    echo "$out"; exit 1
}
level=$(echo "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
echo "exposure: $level"
[ -n "$level" ] || { echo "$out"; echo "FAIL: no exposure level printed"; exit 1; }
awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }' || {
    echo "$out" | grep "✗"; echo "FAIL: exposure $level > 2.0"; exit 1; }
grep -qx 'ProtectSystem=strict' "$unit" || { echo "FAIL: ProtectSystem=strict missing"; exit 1; }
if grep -E '^(ReadWritePaths|ReadWriteDirectories)=' "$unit" | grep -v '=/var/lib/signage$'; then
    echo "FAIL: writable paths outside /var/lib/signage"; exit 1
fi
grep -qx 'StateDirectory=signage' "$unit" || { echo "FAIL: StateDirectory=signage missing"; exit 1; }
grep -qx 'Type=notify' "$unit" || { echo "FAIL: not Type=notify"; exit 1; }
grep -q '^WatchdogSec=' "$unit" || { echo "FAIL: no WatchdogSec"; exit 1; }
if grep -q '^Environment=DISPLAY' "$unit"; then echo "FAIL: the unit needs an X server"; exit 1; fi
echo "ok: exposure $level <= 2.0, writes only /var/lib/signage"
