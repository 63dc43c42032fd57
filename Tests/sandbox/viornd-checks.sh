#!/bin/sh
# Runs inside `nbshim sandbox --device virtio-rng-pci` (see ViorndAcceptanceTests.swift) with
# NBSHIM_TEST_MODULE = viornd.so built from a NetBSD tree. Every check prints "== NAME", its
# output, then "== NAME exit STATUS"; the host test reads them.

for d in /sys/bus/pci/devices/*; do
    [ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x1af4:0x1005" ] && rng=$(basename "$d")
done
driver_of() {
    if [ -e "/sys/bus/pci/devices/$1/driver" ]; then basename "$(readlink "/sys/bus/pci/devices/$1/driver")"; else echo none; fi
}
echo "== devices rng=$rng"
echo "== driver-before"; driver_of "$rng"; echo "== driver-before exit 0"

# Attached with counts every second; SIGTERM once four have been printed (or after 90 s).
out=/tmp/viornd-attach.out
nbshim attach --module "$NBSHIM_TEST_MODULE" --stats 1 1af4:1005 >"$out" 2>&1 &
pid=$!
i=0
while [ $i -lt 90 ] && [ "$(grep -c '^rnd: viornd0' "$out")" -lt 4 ] && kill -0 $pid 2>/dev/null; do
    sleep 1; i=$((i + 1))
done
kill -TERM $pid
wait $pid
status=$?
echo "== attach-sigterm"; cat "$out"; echo "== attach-sigterm exit $status"

echo "== driver-after"; driver_of "$rng"; echo "== driver-after exit 0"
