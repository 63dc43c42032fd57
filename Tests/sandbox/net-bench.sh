#!/bin/sh
# The network benchmark inside `nbshim sandbox` (run by scripts/bench-net): ping RTT and TCP
# throughput to namespace peer through the first NIC on Linux's own driver, then through nbshim's
# driver for the same NIC (its TAP interface), in one boot; prints both and nbshim/Linux ratios.
. "$(dirname "$0")/net-lib.sh"
BYTES=${NBSHIM_NET_BYTES:-20000000}
PINGS=${NBSHIM_NET_PINGS:-300}

set -- $(nic_functions)
[ $# -eq 2 ] || { echo "want two $NIC NICs, found: $*"; exit 1; }
LOCAL_NIC=$1
setup_peer "$2" >/dev/null || exit 1

# Prints "RTT_MS OUT_MBPS IN_MBPS" for interface $1, or fails saying which measurement did.
measure() {
    rtt=$(ip netns exec peer $PING -q -c "$PINGS" -i 0.01 10.9.0.1 | sed -n 's|.*min/avg/max = [^/]*/\([^/]*\)/.*|\1|p')
    out=$(transfer "" 10.9.0.2 "$BYTES" | sed -n 's/^received .* MB\/s //p')
    in=$(transfer peer 10.9.0.1 "$BYTES" | sed -n 's/^received .* MB\/s //p')
    [ -n "$rtt" ] && [ -n "$out" ] && [ -n "$in" ] || { echo "measuring on $1 failed: rtt '$rtt' out '$out' in '$in'" >&2; return 1; }
    echo "$rtt $out $in"
}

lif=$(netdev_of "$LOCAL_NIC")
setup_local "$lif" >/dev/null || exit 1
linux=$(measure "$lif") || exit 1
driver=$(basename "$(readlink "/sys/bus/pci/devices/$LOCAL_NIC/driver")")
ip addr flush dev "$lif" && ip link set "$lif" down

start_nbshim "$LOCAL_NIC" >/dev/null || { cat "$ATTACH_LOG"; exit 1; }
setup_local "$TAPNAME" >/dev/null || exit 1
shim=$(measure "$TAPNAME") || exit 1
stop_nbshim >/dev/null || { cat "$ATTACH_LOG"; exit 1; }

echo "$linux $shim" | awk -v drv="$driver" -v tap="$TAPNAME" -v bytes="$BYTES" -v pings="$PINGS" '{
    printf "%-26s %14s %14s %14s\n", "", "Linux " drv, "nbshim " tap, "nbshim/Linux"
    printf "%-26s %14.3f %14.3f %14.2f\n", "ping RTT avg, ms (" pings ")", $1, $4, $4 / $1
    printf "%-26s %14.2f %14.2f %14.2f\n", "TCP out, MB/s (" bytes / 1e6 " MB)", $2, $5, $5 / $2
    printf "%-26s %14.2f %14.2f %14.2f\n", "TCP in, MB/s (" bytes / 1e6 " MB)", $3, $6, $6 / $3
}'
