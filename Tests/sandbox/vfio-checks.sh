#!/bin/sh
# Runs inside `nbshim sandbox --iommu --device pcie-root-port,id=rp1,chassis=1 --device edu,bus=rp1
# --device edu --device rtl8139` (see VFIOAcceptanceTests.swift): q35 with an Intel IOMMU, each edu in an IOMMU group
# of its own; the one behind the root port can be reset (secondary bus reset), the one on the root
# bus cannot. Every check prints "== NAME", its output, then "== NAME exit STATUS"; the host test
# reads them. NBSHIM_TEST_BINARY is the package's XCTest binary (EduVFIOTests).

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
    [ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x1234:0x11e8" ] || continue
    case $(basename "$d") in
        0000:00:*) edu=$(basename "$d") ;;
        *) eduport=$(basename "$d") ;;
    esac
done
echo "== devices edu=$edu eduport=$eduport reset=$(cat "/sys/bus/pci/devices/$eduport/reset_method")"

# attach picks vfio (the group is viable), the driver takes MSI; 10k interrupts through the storm hook.
check attach nbshim attach --exit-after-attach --sysctl hw.edu0.storm=10000 "$edu"
check driver-after-attach driver_of "$edu"

# The backend itself: MSI/INTx, DMA on pages and hugepages, containment, limits, reset.
edu_root=$edu edu=$eduport
nbshim bind --to vfio "$edu" >/dev/null
check dmar-before sh -c 'dmesg | grep -c "DMAR.*fault" || true'
check vfio-tests env NBSHIM_EDU_VFIO_BDF="$edu" "$NBSHIM_TEST_BINARY" NBHostTests.EduVFIOTests
check dmar-faults sh -c 'dmesg | grep "DMAR.*fault" | tail -n 8'
# Both edus on vfio, in two groups: nbshim's one container lets each reach the other's DMA memory.
nbshim bind --to vfio "$edu_root" >/dev/null
check shared-container env NBSHIM_EDU_VFIO_BDF="$edu" NBSHIM_EDU_VFIO_BDF2="$edu_root" \
    "$NBSHIM_TEST_BINARY" NBHostTests.EduVFIOTests/testGroupsShareOneIOMMUAddressSpace
nbshim unbind "$edu_root" >/dev/null
nic=$(basename "$(dirname "$(grep -l 0x8139 /sys/bus/pci/devices/*/device)")")
ip link set "$(ls "/sys/bus/pci/devices/$nic/net")" down 2>/dev/null
nbshim bind --to vfio "$nic" >/dev/null
check port-io "$NBSHIM_TEST_BINARY" NBHostTests.VFIOPortIOTests
nbshim unbind "$nic" >/dev/null
check memlock setpriv --bounding-set=-ipc_lock sh -c \
    "ulimit -l 64 && NBSHIM_EXPECT_MEMLOCK_LIMIT=1 NBSHIM_EDU_VFIO_BDF=$edu $NBSHIM_TEST_BINARY NBHostTests.EduVFIOTests/testMemlockLimitIsNamed"

# Not a test: interrupt latency, uio INTx against vfio MSI.
nbshim unbind "$edu" >/dev/null
nbshim bind --to uio "$edu" >/dev/null
nbshim bind --to vfio "$edu_root" >/dev/null
check bench nbshim bench --interrupts "$edu" --interrupts "$edu_root" --rounds 2000
nbshim unbind "$edu" >/dev/null
nbshim unbind "$edu_root" >/dev/null
