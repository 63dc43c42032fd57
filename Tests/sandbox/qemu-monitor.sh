# Sourced by guest scripts of `nbshim sandbox --monitor-port`: qemu_monitor CMD... sends one line to
# QEMU's human monitor (HMP) and returns once QEMU has executed it, printing the command's output.
# Status 1 with one line on stderr when the port is missing, QEMU does not answer, or the command
# fails ("Error: ..." or an unknown command). Examples:
#   qemu_monitor set_link n0 off      # the NIC peered with hubport n0 loses its link
#   qemu_monitor info network
# One call at a time: the port has a single opener. Commands that stop the guest (stop, quit,
# system_reset) never let it see the answer.
#
# HMP has no framing, so each command is followed by a line holding a fresh token, which HMP rejects
# as an unknown command: once the token's echo arrives, the command before it has run. HMP echoes
# input with terminal escapes (lines holding ESC); those, and anything left over from earlier, such
# as the greeting, are skipped. Plain sh (dash) has no read timeout, so the exchange runs under
# timeout(1).

QEMU_MONITOR_PORT=${QEMU_MONITOR_PORT:-/dev/virtio-ports/org.nbshim.monitor}
QEMU_MONITOR_TIMEOUT=${QEMU_MONITOR_TIMEOUT:-30}

qemu_monitor() {
    if [ ! -e "$QEMU_MONITOR_PORT" ]; then
        echo "qemu_monitor: no QEMU monitor port ($QEMU_MONITOR_PORT): run nbshim sandbox with --monitor-port" >&2
        return 1
    fi
    # The port opens last, after stderr is parked on fd 8, so a busy port (a single opener) ends
    # in status 2 without the shell's own message.
    timeout "$QEMU_MONITOR_TIMEOUT" sh -c "$_qemu_monitor_exchange" qemu_monitor "$*" \
        "nbshim-sync-$$-$(date +%s%N)" 8>&2 2>/dev/null 9<>"$QEMU_MONITOR_PORT"
    case $? in
    0) ;;
    2) echo "qemu_monitor: cannot open $QEMU_MONITOR_PORT (is another qemu_monitor using it?)" >&2; return 1 ;;
    124) echo "qemu_monitor: QEMU's monitor did not answer '$*' within $QEMU_MONITOR_TIMEOUT s" >&2; return 1 ;;
    *) return 1 ;;
    esac
}

# $1 the command line, $2 the token; fd 9 the port, fd 8 stderr. Exits 0, or 1 after one line.
_qemu_monitor_exchange='
exec 2>&8 8>&-
cmd=$1 token=$2 esc=$(printf "\033") cr=$(printf "\r") phase=echo status=0
printf "%s\n%s\n" "$cmd" "$token" >&9
while IFS= read -r line <&9; do
    line=${line%"$cr"}
    case $phase in
    echo)  # until the echo of the command has ended
        case $line in *"$cmd$esc[K"*) phase=output ;; esac ;;
    output)  # the command'"'"'s output, until the token'"'"'s echo
        case $line in
        *"$token"*) phase=token ;;
        *"$esc"*) ;;
        "Error: "*|"unknown command: "*) echo "qemu_monitor: $cmd: $line" >&2; status=1 ;;
        *) printf "%s\n" "$line" ;;
        esac ;;
    token)  # HMP rejecting the token, so the next call starts clean
        case $line in *"$esc"*) ;; *"$token"*) exit $status ;; esac ;;
    esac
done
echo "qemu_monitor: the monitor port closed while running $cmd" >&2
exit 1
'
