#!/bin/sh
# Runs inside `nbshim sandbox --device edu --device e1000` (see OwnershipAcceptanceTests.swift):
# one nbshim per device, kill -9 of the owner, status, doctor, takeover, unbind. NBSHIM_WM_MODULE
# (wm.so, when the host test has a NetBSD tree) drives the e1000; without it the e1000 is claimed
# and bound by the attach but no driver takes it. Every check prints "== NAME", its output, then
# "== NAME exit STATUS"; the host test reads them.

check() {
    name=$1; shift
    echo "== $name"
    "$@" 2>&1
    echo "== $name exit $?"
}

bdf_of() {
    for d in /sys/bus/pci/devices/*; do
        if [ "$(cat "$d/vendor")" = "$1" ] && [ "$(cat "$d/device")" = "$2" ]; then basename "$d"; return; fi
    done
}

driver_of() {
    if [ -e "/sys/bus/pci/devices/$1/driver" ]; then basename "$(readlink "/sys/bus/pci/devices/$1/driver")"; else echo none; fi
}

# Waits up to $2 seconds for `nbshim status` to contain $1.
await_status() {
    i=0
    while [ $i -lt "$2" ]; do
        nbshim status 2>/dev/null | grep -q -- "$1" && return 0
        sleep 1; i=$((i + 1))
    done
    echo "nbshim status never showed '$1':"; nbshim status
    return 1
}

edu=$(bdf_of 0x1234 0x11e8)
e1000=$(bdf_of 0x8086 0x100e)
echo "== devices edu=$edu e1000=$e1000 wm=${NBSHIM_WM_MODULE:+yes}"

check e1000-driver-before driver_of "$e1000"
check status-empty nbshim status

# The first owner: attaches edu (and wm on the e1000) and runs until killed.
nbshim attach ${NBSHIM_WM_MODULE:+--module "$NBSHIM_WM_MODULE"} "$edu" "$e1000" >/tmp/first.out 2>&1 &
first=$!
printf '== first\n%s\n== first exit 0\n' "$first"
check first-attached await_status "(edu0" 180
[ -n "$NBSHIM_WM_MODULE" ] && check first-attached-wm await_status "(wm0" 60

check second-attach-edu nbshim attach --exit-after-attach "$edu"
check second-attach-e1000 nbshim attach --exit-after-attach ${NBSHIM_WM_MODULE:+--module "$NBSHIM_WM_MODULE"} "$e1000"
check bind-driven nbshim bind "$e1000"
check unbind-driven nbshim unbind "$edu"
check status-running nbshim status
check status-running-json nbshim status --json

echo "== first-killed"
kill -9 "$first"
wait "$first"
echo "== first-killed exit $?"
check first-output cat /tmp/first.out
check status-left nbshim status
check status-left-json nbshim status --json
check doctor-left nbshim doctor

# A new attach takes the edu over and gives it back as it ends; unbind gives the e1000 back.
check takeover nbshim attach --exit-after-attach "$edu"
check edu-driver-after driver_of "$edu"
check unbind-e1000 nbshim unbind "$e1000"
check e1000-driver-after driver_of "$e1000"
check e1000-netif-after ls "/sys/bus/pci/devices/$e1000/net"
check status-after nbshim status
check doctor-after sh -c 'nbshim doctor | grep leftover'
