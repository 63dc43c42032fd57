#!/bin/sh
# Runs inside `nbshim sandbox --device edu` (see AttachAcceptanceTests.swift). Every check prints
# "== NAME", its output, then "== NAME exit STATUS"; the host test reads them.

check() {
    name=$1; shift
    echo "== $name"
    "$@" 2>&1
    echo "== $name exit $?"
}

driver_of() {
    if [ -e "/sys/bus/pci/devices/$1/driver" ]; then basename "$(readlink "/sys/bus/pci/devices/$1/driver")"; else echo none; fi
}

for d in /sys/bus/pci/devices/*; do
    [ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x1234:0x11e8" ] && edu=$(basename "$d")
done
echo "== devices edu=$edu"

# Not bound and not root: one line saying what to do.
check attach-not-root setpriv --reuid=65534 --regid=65534 --clear-groups nbshim attach --exit-after-attach 1234:11e8

# attach binds edu to uio for the time it runs and gives it back.
check attach nbshim attach --exit-after-attach 1234:11e8
check driver-after-attach driver_of "$edu"

# Bound beforehand: attach leaves the binding alone.
check attach-bound sh -c 'nbshim bind 1234:11e8 && nbshim attach --exit-after-attach 1234:11e8'
check driver-after-attach-bound driver_of "$edu"
nbshim unbind 1234:11e8 >/dev/null 2>&1

# SIGTERM while attached: detach, give the device back, exit 0.
check attach-sigterm sh -c 'nbshim attach 1234:11e8 & pid=$!; sleep 8; kill -TERM $pid; wait $pid'

# Under gdb, stopped in the driver's attach function.
check gdb nbshim attach --gdb-batch --exit-after-attach 1234:11e8

# A driver module (built by the host test from Tests/sandbox/modules/eduprobe.c) outbids edu.
check attach-module nbshim attach --module "$NBSHIM_TEST_MODULE" --exit-after-attach 1234:11e8
