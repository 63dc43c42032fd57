/// The QEMU invocation for a sandbox: TCG only (KVM guests hang on the machines this was built on),
/// no default devices, the guest's serial console on QEMU's stdout, no monitor, the host's root as
/// virtio-9p device `hostroot`, then the requested network backends and devices in the order given,
/// then (with `monitorPort`) the guest's port to QEMU's human monitor.
enum QEMUCommandLine {
    /// The virtio-serial port name of the monitor port; the guest's init links it as
    /// /dev/virtio-ports/NAME.
    static let monitorPortName = "org.nbshim.monitor"

    static func kernelCommandLine(_ c: SandboxConfiguration) -> String {
        // quiet keeps boot chatter out of the command's output; loglevel=4 still shows kernel errors
        // (DMAR faults, oopses). panic=-1 with -no-reboot turns a guest panic into QEMU exiting.
        // The blacklist keeps coldplug (modprobe -b) off the chipset's own disk and SMBus controllers
        // (i440fx and q35): the guest has no disks, and probing them costs seconds under TCG.
        // no_timer_check: on a loaded host, TCG runs the early IO-APIC timer test too slowly and the
        // kernel panics ("IO-APIC + timer doesn't work!"), as it may on any emulated machine.
        var args = ["console=ttyS0", "quiet", "loglevel=4", "panic=-1", "no_timer_check", "hugepages=\(c.hugepages)",
                    "modprobe.blacklist=ata_piix,ata_generic,ahci,i2c_piix4,i2c_i801,lpc_ich"]
        if c.iommu { args.append("intel_iommu=on") }
        return args.joined(separator: " ")
    }

    /// `monitorSocket`: a path in the run's private directory where, with `monitorPort`, QEMU's
    /// monitor listens and the guest's port connects.
    static func arguments(_ c: SandboxConfiguration, kernel: String, initrd: String, monitorSocket: String) -> [String] {
        var a = ["-accel", "tcg", "-cpu", "max", "-smp", "\(c.cpus)", "-m", c.memory,
                 "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                 "-chardev", "stdio,id=console,signal=off", "-serial", "chardev:console", "-monitor", "none",
                 "-kernel", kernel, "-initrd", initrd, "-append", kernelCommandLine(c)]
        if c.iommu {
            // The IOMMU has to exist before the PCI devices it translates for.
            a += ["-machine", "q35,kernel-irqchip=split", "-device", "intel-iommu,intremap=on"]
        }
        // multidevs=remap: the host's / spans several filesystems; without it inode numbers collide.
        a += ["-fsdev", "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap",
              "-device", "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"]
        for n in c.netdevs { a += ["-netdev", n] }
        for d in c.devices { a += ["-device", d] }
        if c.monitorPort {
            // A chardev has one frontend, so the monitor and the port are joined through a Unix
            // socket: the monitor's end listens (created first), the port's end connects at startup.
            // Last, so the requested devices keep the PCI slots they have without the port.
            a += ["-chardev", "socket,id=monitor,path=\(monitorSocket),server=on,wait=off",
                  "-mon", "chardev=monitor,mode=readline",
                  "-chardev", "socket,id=monitorport,path=\(monitorSocket)",
                  "-device", "virtio-serial-pci",
                  "-device", "virtserialport,chardev=monitorport,name=\(monitorPortName)"]
        }
        return a
    }
}
