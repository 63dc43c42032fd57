#!/bin/sh
# net-checks.sh once per driver in one guest, for the tree's NIC drivers (TreeNICAcceptanceTests):
# NBSHIM_NICS holds one "LABEL VENDOR:DEVICE IFNAME MODULE [ATTACH-ARGS...]" line per driver; each QEMU model's two
# NICs sit on a hub of their own. Check names carry "LABEL/"; the peer namespace goes in between.
echo "$NBSHIM_NICS" | while read -r label nic ifname module args; do
    [ -n "$label" ] || continue
    NBSHIM_NET_NIC=$nic NBSHIM_NET_IF=$ifname NBSHIM_NET_MODULE=$module NBSHIM_NET_ATTACH_ARGS=$args \
        sh "$(dirname "$0")/net-checks.sh" </dev/null | sed "s|^== |== $label/|"
    ip netns del peer 2>/dev/null
done
