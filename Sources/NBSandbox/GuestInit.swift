/// What runs inside the guest: the initramfs's /init and the per-run command script.
enum GuestInit {
    /// Mounts the host's root (9p tag `hostroot`) read-only under a tmpfs overlay, so the guest may
    /// write anywhere and nothing reaches the host; mounts proc/sys/dev/run in it; loads drivers for
    /// the PCI devices as udev would (e1000 gets e1000), and virtio_console with /dev/virtio-ports/NAME
    /// links for a virtio-serial device; runs /nbshim/command in a chroot with a clean
    /// environment; prints the marker with the command's status; powers off. Any failure before the
    /// command powers off without a marker, which the host reports.
    static let script = """
        #!/bin/busybox sh
        /bin/busybox --install -s /bin
        export PATH=/bin
        fail() { echo "nbshim sandbox guest: $*"; poweroff -f; }
        mount -t proc proc /proc
        mount -t devtmpfs devtmpfs /dev
        # The command's output passes through the console byte for byte (no \\n -> \\r\\n).
        stty -onlcr
        for m in /modules/*; do
            case $m in
            *.ko.xz) xzcat "$m" > /tmp/module.ko && insmod /tmp/module.ko ;;
            *.ko.gz) zcat "$m" > /tmp/module.ko && insmod /tmp/module.ko ;;
            *) insmod "$m" ;;
            esac || fail "cannot load kernel module $m"
        done
        rm -f /tmp/module.ko
        mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro hostroot /host ||
            fail "cannot mount the host's root filesystem (virtio-9p tag hostroot)"
        mount -t tmpfs -o mode=755 tmpfs /upper && mkdir /upper/data /upper/work
        mount -t overlay -o lowerdir=/host,upperdir=/upper/data,workdir=/upper/work overlay /newroot ||
            fail "cannot mount a tmpfs overlay over the host's root filesystem"
        cd /newroot
        mount -t proc proc proc
        mount -t sysfs sysfs sys
        mount -t devtmpfs devtmpfs dev
        mkdir -p dev/pts dev/shm dev/hugepages
        mount -t devpts devpts dev/pts
        mount -t tmpfs tmpfs dev/shm
        mount -t hugetlbfs hugetlbfs dev/hugepages
        mount -t tmpfs -o mode=755 tmpfs run
        # Keep the 9p mount visible in the guest's mount table: it backs the root filesystem.
        mkdir -p run/nbshim/hostroot
        mount --move /host run/nbshim/hostroot
        cp /nbshim/command run/nbshim/command
        ip link set lo up
        chroot /newroot /sbin/modprobe -a -b -q $(cat sys/bus/pci/devices/*/modalias)
        # virtio devices exist once virtio_pci has probed; their own drivers (virtio_net ...) then.
        ls sys/bus/virtio/devices/*/modalias >/dev/null 2>&1 &&
            chroot /newroot /sbin/modprobe -a -b -q $(cat sys/bus/virtio/devices/*/modalias)
        # A virtio-serial device (the monitor port): its console driver, then the
        # /dev/virtio-ports/NAME links udev would make. Ports and their names arrive after the driver
        # loads, so wait for a name (at most 10 s).
        if grep -qs '^virtio:d00000003v' sys/bus/virtio/devices/*/modalias; then
            chroot /newroot /sbin/modprobe -q virtio_console || fail "cannot load virtio_console for the virtio-serial device"
            n=0
            until grep -qs . sys/class/virtio-ports/*/name; do
                [ $n -lt 100 ] || fail "the virtio-serial device announced no named port within 10 s"
                sleep 0.1; n=$((n + 1))
            done
            mkdir -p dev/virtio-ports
            for p in sys/class/virtio-ports/*; do
                name=$(cat $p/name) && [ -n "$name" ] && ln -s ../${p##*/} dev/virtio-ports/$name
            done
        fi
        cd /
        env -i /bin/chroot /newroot /bin/sh /run/nbshim/command </dev/null
        status=$?
        echo "$(cat /nbshim/marker) $status"
        poweroff -f

        """

    /// Runs `argv` exactly as given (no second round of shell parsing) in `directory` with only
    /// `environment` set.
    static func commandScript(argv: [String], directory: String, environment: [(String, String)]) -> String {
        var lines = environment.map { "export \($0.0)=\(shellQuote($0.1))" }
        lines.append("cd \(shellQuote(directory)) || exit 125")
        lines.append("exec " + argv.map(shellQuote).joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }

    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
