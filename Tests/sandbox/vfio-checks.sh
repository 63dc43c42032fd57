#!/bin/sh
# Runs inside `nbshim sandbox --iommu --device edu --device edu` (see VFIOAcceptanceTests.swift):
# q35 with an Intel IOMMU, each edu in an IOMMU group of its own. Every check prints "== NAME",
# its output, then "== NAME exit STATUS"; the host test reads them. NBSHIM_TEST_BINARY is the
# package's XCTest binary (EduVFIOTests).

check() {
    name=$1; shift
    echo "== $name"
    "$@" 2>&1
    echo "== $name exit $?"
}

driver_of() {
    if [ -e "/sys/bus/pci/devices/$1/driver" ]; then basename "$(readlink "/sys/bus/pci/devices/$1/driver")"; else echo none; fi
}

edus=""
for d in /sys/bus/pci/devices/*; do
    [ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x1234:0x11e8" ] && edus="$edus $(basename "$d")"
done
set -- $edus
edu=$1 edu2=$2
echo "== devices edu=$edu edu2=$edu2 group=$(basename "$(readlink /sys/bus/pci/devices/$edu/iommu_group)")"

# attach picks vfio (the group is viable), the driver takes MSI; 10k interrupts through the storm hook.
check attach nbshim attach --exit-after-attach --sysctl hw.edu0.storm=10000 "$edu"
check driver-after-attach driver_of "$edu"

# The backend itself: MSI/INTx, DMA on pages and hugepages, containment, limits.
nbshim bind --to vfio "$edu" >/dev/null
check dmar-before sh -c 'dmesg | grep -c "DMAR.*fault" || true'
check vfio-tests env NBSHIM_EDU_VFIO_BDF="$edu" "$NBSHIM_TEST_BINARY" NBHostTests.EduVFIOTests
check dmar-faults sh -c 'dmesg | grep "DMAR.*fault" | tail -n 4'
check memlock setpriv --bounding-set=-ipc_lock sh -c \
    "ulimit -l 64 && NBSHIM_EXPECT_MEMLOCK_LIMIT=1 NBSHIM_EDU_VFIO_BDF=$edu $NBSHIM_TEST_BINARY NBHostTests.EduVFIOTests/testMemlockLimitIsNamed"

# Not a test: interrupt latency, uio INTx (second edu) against vfio MSI (first edu).
nbshim bind --to uio "$edu2" >/dev/null
check bench nbshim bench --interrupts "$edu2" --interrupts "$edu" --rounds 2000
nbshim unbind "$edu2" >/dev/null
nbshim unbind "$edu" >/dev/null
