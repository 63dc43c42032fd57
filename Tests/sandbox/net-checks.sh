#!/bin/sh
# Issue 5's network acceptance inside `nbshim sandbox` (see NetAcceptanceTests.swift and
# net-lib.sh): the first NIC through nbshim (its TAP interface), the second on Linux's driver in
# namespace peer. Every check prints "== NAME", its output, "== NAME exit STATUS".
# NBSHIM_NET_LOCAL=linux keeps the first NIC on Linux's driver too (to try the checks themselves).
. "$(dirname "$0")/net-lib.sh"
BYTES=${NBSHIM_NET_BYTES:-100000000}

set -- $(nic_functions)
[ $# -eq 2 ] || { echo "want two $NIC NICs, found: $*"; exit 1; }
LOCAL_NIC=$1 PEER_NIC=$2
echo "== devices local=$LOCAL_NIC peer=$PEER_NIC"

# Without both sides there is nothing more to check; the tests report what is missing.
check peer setup_peer "$PEER_NIC" || exit 0
if [ "${NBSHIM_NET_LOCAL:-nbshim}" = linux ]; then
    TAPNAME=$(netdev_of "$LOCAL_NIC")
else
    check attach start_nbshim "$LOCAL_NIC" || exit 0
fi
check local setup_local "$TAPNAME" || exit 0
check link-show ip -o link show "$TAPNAME"

check ping-out $PING -c 5 -W 5 10.9.0.2
check ping-in ip netns exec peer $PING -c 5 -W 5 10.9.0.1
check ping-1000 ip netns exec peer $PING -q -c 1000 -i 0.01 -W 5 10.9.0.1

check tcp-out transfer "" 10.9.0.2 "$BYTES"
check tcp-in transfer peer 10.9.0.1 "$BYTES"

# The peer gets an answer within $1 seconds (a PHY may still be negotiating when carrier shows).
answers() { wait_for "$1" ip netns exec peer $PING -c 1 -W 1 10.9.0.1 || { echo "no answer in $1 s"; return 1; }; }

# nbshim ifmedia through the running attach: show, force a media, back to autoselect and traffic.
media_back() {
    nbshim ifmedia "$TAPNAME" autoselect && wait_for 10 carrier_is "$TAPNAME" 1 && answers 10 &&
        ip netns exec peer $PING -c 3 -W 5 10.9.0.1
}
if [ "${NBSHIM_NET_LOCAL:-nbshim}" != linux ]; then
    check ifmedia nbshim ifmedia "$TAPNAME"
    check ifmedia-set nbshim ifmedia "$TAPNAME" 100baseTX full-duplex
    check ifmedia-bad nbshim ifmedia "$TAPNAME" 100baseTX turbo
    check ifmedia-auto media_back
fi

# An MTU the driver refuses is put back: above ETHERMTU_JUMBO (9000), so also for jumbo drivers.
mtu_refused() {
    ip link set "$TAPNAME" mtu 9600
    sleep 1
    ip -o link show "$TAPNAME"
}
check mtu-refused mtu_refused

# Down on the local side: the peer gets no answers; up again: carrier back, answers again.
link_down() {
    ip link set "$TAPNAME" down || return 1
    if ip netns exec peer $PING -c 3 -W 1 10.9.0.1 >/dev/null; then echo "peer still answered"; return 1; fi
    echo "peer gets no answer; operstate $(cat "/sys/class/net/$TAPNAME/operstate")"
}
link_up() {
    ip link set "$TAPNAME" up && wait_for 10 carrier_is "$TAPNAME" 1 || { echo "no carrier"; return 1; }
    echo "carrier $(cat "/sys/class/net/$TAPNAME/carrier"), operstate $(cat "/sys/class/net/$TAPNAME/operstate")"
    answers 10 && ip netns exec peer $PING -c 3 -W 5 10.9.0.1
}
check link-down link_down
check link-up link_up

# A loss on the wire (QEMU's set_link on the first NIC's hub port; needs --monitor-port): the driver
# sees it through the chip, Linux sees carrier go off; back on, carrier and answers return.
wire_down() {
    qemu_monitor set_link n0 off >/dev/null || return 1
    wait_for 10 carrier_is "$TAPNAME" 0 || { echo "carrier still $(cat "/sys/class/net/$TAPNAME/carrier")"; return 1; }
    echo "carrier 0, operstate $(cat "/sys/class/net/$TAPNAME/operstate")"
    if ip netns exec peer $PING -c 2 -W 1 10.9.0.1 >/dev/null; then echo "peer still answered"; return 1; fi
    echo "peer gets no answer"
}
wire_up() {
    qemu_monitor set_link n0 on >/dev/null || return 1
    wait_for 15 carrier_is "$TAPNAME" 1 || { echo "no carrier"; return 1; }
    echo "carrier 1, operstate $(cat "/sys/class/net/$TAPNAME/operstate")"
    answers 10 && ip netns exec peer $PING -c 3 -W 5 10.9.0.1
}
if [ -e "$QEMU_MONITOR_PORT" ]; then
    check wire-down wire_down
    check wire-up wire_up
fi

if [ "${NBSHIM_NET_LOCAL:-nbshim}" != linux ]; then
    check detach stop_nbshim
fi
