# Sourced by net-checks.sh and net-bench.sh inside `nbshim sandbox` with two NICs of one model on a
# QEMU hub. The first NIC is the local side (10.9.0.1/24): Linux's driver or nbshim's, which puts
# a TAP interface in its place. The second stays on Linux's driver in network namespace `peer`
# (10.9.0.2/24). Both addresses exist only in this throwaway guest. NBSHIM_NET_NIC (VENDOR:DEVICE),
# NBSHIM_NET_IF (the driver's interface) and NBSHIM_NET_MODULE (a driver module for nbshim attach)
# select another NIC and driver; NBSHIM_NET_ATTACH_ARGS adds attach options (--property ...). With --monitor-port, qemu_monitor drops the first NIC's wire link.

. "$(dirname "$0")/qemu-monitor.sh"

NIC=${NBSHIM_NET_NIC:-10ec:8139}
TAPNAME=${NBSHIM_NET_IF:-rtn0}
LIBDIR=$(dirname "$0")
PY=/usr/bin/python3
PING="busybox ping"
ATTACH_LOG=/tmp/attach.log

check() {
    name=$1; shift
    echo "== $name"
    "$@" 2>&1
    st=$?
    echo "== $name exit $st"
    return $st
}

# Polls `cmd` every 0.1 s for up to $1 seconds.
wait_for() {
    tries=$(($1 * 10)); shift
    until "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        [ $tries -le 0 ] && return 1
        sleep 0.1
    done
}

nic_functions() {
    for d in /sys/bus/pci/devices/*; do
        [ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x${NIC%:*}:0x${NIC#*:}" ] && basename "$d"
    done
}

# A PCI NIC's Linux interface; a virtio NIC has it under its virtio child device.
netdev_of() {
    for n in "/sys/bus/pci/devices/$1"/net/* "/sys/bus/pci/devices/$1"/virtio*/net/*; do
        [ -e "$n" ] && { basename "$n"; return 0; }
    done
    return 1
}

carrier_is() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = "$2" ]; }

# The second NIC, on Linux's driver, into namespace peer.
setup_peer() {
    pif=$(netdev_of "$1")
    [ -n "$pif" ] || { echo "no Linux interface on $1"; return 1; }
    ip netns add peer && ip link set "$pif" netns peer && ip -n peer link set lo up &&
        ip -n peer addr add 10.9.0.2/24 dev "$pif" && ip -n peer link set "$pif" up &&
        echo "peer: $pif of $1 in netns peer, 10.9.0.2/24"
}

setup_local() {
    ip addr add 10.9.0.1/24 dev "$1" && ip link set "$1" up && wait_for 10 carrier_is "$1" 1 &&
        echo "local: $1, 10.9.0.1/24, carrier on"
}

# True once interface $1 is a TAP interface or nbshim has exited.
tap_or_exit() { [ -e "/sys/class/net/$1/tun_flags" ] || ! kill -0 "$ATTACH_PID" 2>/dev/null; }

# nbshim attach on the first NIC in the background until stop_nbshim; waits for its TAP interface.
start_nbshim() {
    modprobe tun || return 1
    # shellcheck disable=SC2086 # NBSHIM_NET_ATTACH_ARGS: more attach options, split on spaces
    nbshim attach ${NBSHIM_NET_MODULE:+--module "$NBSHIM_NET_MODULE"} $NBSHIM_NET_ATTACH_ARGS "$1" >"$ATTACH_LOG" 2>&1 &
    ATTACH_PID=$!
    if ! wait_for 120 tap_or_exit "$TAPNAME" || ! kill -0 "$ATTACH_PID" 2>/dev/null; then
        cat "$ATTACH_LOG"; echo "no TAP interface $TAPNAME"; return 1
    fi
    cat "$ATTACH_LOG"
    echo "TAP interface $TAPNAME appeared for $1 (nbshim pid $ATTACH_PID)"
}

# SIGTERM: nbshim detaches and exits; the interface must be gone then.
stop_nbshim() {
    kill -TERM "$ATTACH_PID"
    wait "$ATTACH_PID"
    status=$?
    cat "$ATTACH_LOG"
    if [ -e "/sys/class/net/$TAPNAME" ]; then echo "$TAPNAME still exists after nbshim exited"; return 1; fi
    echo "nbshim exited $status, $TAPNAME is gone"
    return $status
}

# BYTES over TCP from namespace $1 to address $2 (namespace "" is the initial one).
transfer() {
    from=$1; to=$2; bytes=$3
    if [ "$to" = 10.9.0.2 ]; then rns="ip netns exec peer"; else rns=""; fi
    if [ -n "$from" ]; then sns="ip netns exec $from"; else sns=""; fi
    $rns $PY "$LIBDIR/nettransfer.py" recv "$to" 5001 >/tmp/recv.out 2>&1 &
    rpid=$!
    $sns $PY "$LIBDIR/nettransfer.py" send "$to" 5001 "$bytes"
    sstatus=$?
    wait $rpid
    cat /tmp/recv.out
    return $sstatus
}
