#!/bin/sh
# Runs inside `nbshim sandbox --device e1000 --device edu` (see GuestAcceptanceTests.swift).
# Every check prints "== NAME", its output, then "== NAME exit STATUS"; the host test reads them.
# NBSHIM_TEST_BINARY is the package's XCTest binary, run here for the edu uio tests.

check() {
    name=$1; shift
    echo "== $name"
    "$@" 2>&1
    echo "== $name exit $?"
}

# BDF of the function with vendor $1, device $2 (sysfs spelling: 0x8086 0x100e).
bdf_of() {
    for d in /sys/bus/pci/devices/*; do
        if [ "$(cat "$d/vendor")" = "$1" ] && [ "$(cat "$d/device")" = "$2" ]; then basename "$d"; return; fi
    done
}

driver_of() {
    if [ -e "/sys/bus/pci/devices/$1/driver" ]; then basename "$(readlink "/sys/bus/pci/devices/$1/driver")"; else echo none; fi
}

# The guest's root filesystem is the host's, over virtio-9p: the PCI function behind that mount.
root_bdf() {
    for v in /sys/bus/virtio/devices/*; do
        [ -e "$v/mount_tag" ] && basename "$(readlink -f "$v/..")" && return
    done
}

e1000=$(bdf_of 0x8086 0x100e)
edu=$(bdf_of 0x1234 0x11e8)
root=$(root_bdf)
netif=$(ls "/sys/bus/pci/devices/$e1000/net")
echo "== devices e1000=$e1000 edu=$edu root=$root netif=$netif"

check list nbshim list -v
check doctor nbshim doctor

hp=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
saved=$(cat $hp)
echo 0 > $hp
check doctor-no-hugepages nbshim doctor
echo "$saved" > $hp
check doctor-not-root setpriv --reuid=65534 --regid=65534 --clear-groups nbshim doctor

check bind-root nbshim bind "$root"
check bind-root-forced nbshim bind --force "$root"

ip link set "$netif" up
check bind-netif-up nbshim bind "$e1000"
ip link set "$netif" down

check e1000-driver-before driver_of "$e1000"
check bind-e1000 nbshim bind "$e1000"
check e1000-driver-bound driver_of "$e1000"
check unbind-e1000 nbshim unbind "$e1000"
check e1000-driver-after driver_of "$e1000"
check e1000-netif-after ls "/sys/bus/pci/devices/$e1000/net"

check bind-edu nbshim bind "$edu"
check edu-tests "$NBSHIM_TEST_BINARY" NBHostTests.EduUIOTests
check unbind-edu nbshim unbind "$edu"
