import Foundation

/// The userspace drivers a device can be handed to.
public enum BindTarget: String, CaseIterable, Sendable {
    case uio, vfio

    /// The Linux driver (and module) name.
    public var driver: String { self == .uio ? "uio_pci_generic" : "vfio-pci" }

    public static func isUserspace(_ driver: String?) -> Bool { allCases.contains { $0.driver == driver } }
}

/// Hands PCI functions to uio_pci_generic or vfio-pci and back, the way a careful person does it by
/// hand: driver_override + drivers_probe, with the original driver and override recorded under
/// run/nbshim/bound so `unbind` restores them, even after a crash. Refuses devices the running
/// system depends on (see `check`) and devices another nbshim holds (DeviceLock).
public struct Binder {
    public var paths: HostPaths
    /// Interface name -> addresses (live: getifaddrs).
    public var interfaceAddresses: () -> [String: [String]]
    /// Loads a kernel module (live: modprobe).
    public var loadModule: (String) throws -> Void

    public init(paths: HostPaths = .live,
                interfaceAddresses: @escaping () -> [String: [String]] = DeviceUsers.liveInterfaceAddresses,
                loadModule: ((String) throws -> Void)? = nil) {
        self.paths = paths
        self.interfaceAddresses = interfaceAddresses
        self.loadModule = loadModule ?? { try Binder.modprobe($0, paths: paths) }
    }

    // MARK: Safety analysis (pure reads of sysfs and procfs)

    /// Checks every device before any is touched, so a refusal leaves the system as it was. Throws one
    /// line for the first refused device; with `force`, returns the reasons it overrode (never the root
    /// filesystem, which no flag overrides).
    public func check(_ devices: [PCIDevice], to target: BindTarget, force: Bool) throws -> [String] {
        var overridden: [String] = []
        let handedOver = Set(devices.map(\.address))
        for d in devices where d.driver != target.driver {
            overridden += try checkSafety(d, force: force)
            if target == .vfio { _ = try viableGroup(of: d, handedOver: handedOver) }
        }
        return overridden
    }

    /// What `device` backs that bind must not take away.
    public func checkSafety(_ device: PCIDevice, force: Bool) throws -> [String] {
        let a = device.address
        let users = DeviceUsers(scanning: device, paths: paths, addresses: interfaceAddresses())
        if !users.rootMounts.isEmpty {
            let how = users.hiddenRootLayers.isEmpty ? ""
                : ", which may hold the layers \(users.hiddenRootLayers.joined(separator: " ")) of the overlay on / (not visible from here)"
            throw PCIError("refusing \(a): it backs the root filesystem (\(Self.describe(users.rootMounts))\(how)); --force does not override this")
        }
        var reasons: [String] = []
        if device.isBridge {
            let kind = device.subClass == 0 ? "host bridge" : "PCI bridge"
            reasons.append("it is a \(kind) (class \(String(format: "0x%06x", device.classCode))); the devices behind it depend on it")
        }
        if !users.mounts.isEmpty {
            reasons.append("it backs mounted filesystems \(Self.describe(users.mounts)); unmount them first")
        }
        if !users.swaps.isEmpty {
            reasons.append("it backs active swap \(users.swaps.joined(separator: ", ")); swapoff first")
        }
        for i in users.interfaces where i.isUp || !i.addresses.isEmpty {
            let addrs = i.addresses.isEmpty ? "" : " with addresses \(i.addresses.joined(separator: " "))"
            let fix = i.addresses.isEmpty ? "`ip link set \(i.name) down`"
                : "`ip link set \(i.name) down && ip addr flush dev \(i.name)`"
            reasons.append("network interface \(i.name) is \(i.isUp ? "up" : "down")\(addrs); \(fix) first")
        }
        if reasons.isEmpty { return [] }
        if force { return reasons.map { "\(a): forced although \($0)" } }
        throw PCIError("refusing \(a): \(reasons.joined(separator: "; ")) (or use --force)")
    }

    /// The device's IOMMU group when vfio can own it: every other member unbound, already on vfio-pci
    /// or pci-stub, a bridge on pcieport, or among `handedOver`.
    public func viableGroup(of device: PCIDevice, handedOver: Set<PCIAddress>) throws -> IOMMUGroup {
        let a = device.address
        guard let n = device.iommuGroup else {
            throw PCIError("\(a) has no IOMMU group: boot with intel_iommu=on (or amd_iommu=on) or use --to uio")
        }
        let group = try IOMMUGroup(n, paths: paths)
        let blockers = group.blockers(handedOver: handedOver.union([a]))
        guard blockers.isEmpty else {
            let names = blockers.map { "\($0.address) (\($0.driver ?? "no driver"))" }.joined(separator: ", ")
            let bdfs = blockers.map { "\($0.address)" }.joined(separator: " ")
            throw PCIError("IOMMU group \(n) of \(a) is not viable: it also holds \(names); hand them over too (nbshim bind --to vfio \(a) \(bdfs)) or use --to uio")
        }
        return group
    }

    static func describe(_ mounts: [Mount]) -> String {
        mounts.map { m in
            let from = ["9p", "virtiofs"].contains(m.fsType) ? "share '\(m.source)'" : m.source
            return "\(m.mountPoint) (\(m.fsType) on \(from))"
        }.joined(separator: ", ")
    }

    // MARK: Binding

    /// Checks all devices, then binds each, passing every line to `report` as it happens. Each
    /// device's lock is held meanwhile: one an attach drives is refused, naming it.
    public func bind(_ devices: [PCIDevice], to target: BindTarget, force: Bool, report: (String) -> Void) throws {
        let locks = try devices.map { try DeviceLock.take($0.address, paths: paths) }
        defer { locks.forEach { $0.release() } }
        for warning in try check(devices, to: target, force: force) { report(warning) }
        for (d, lock) in zip(devices, locks) { report(try bindLocked(d, to: target, by: .bind, lock: lock)) }
    }

    func bindLocked(_ device: PCIDevice, to target: BindTarget, by caller: BindingRecord.Caller,
                            lock: DeviceLock) throws -> String {
        let a = device.address
        if device.driver == target.driver {
            var line = "\(a): already bound to \(target.driver)\(try attachment(device, target))"
            // A bind of what a dead attach left keeps it bound for the user from now on.
            if caller == .bind, var r = try recorded(a), r.by == .attach {
                line += "; \(lock.previousOwner?.name ?? "nbshim pid \(r.pid)"), which is gone, had left it so: it stays bound"
                r.by = .bind
                r.pid = getpid()
                try state.write(r, to: state.bindingPath(a))
            }
            return line
        }
        try ensureDriver(target)
        let before = device.driver
        // A device moving between uio and vfio keeps the record of its kernel driver.
        let previous = try recorded(a)
        let override = SysFile.text(device.path + "/driver_override").flatMap { $0.isEmpty || $0 == "(null)" ? nil : $0 }
        try state.write(BindingRecord(driver: previous.map { $0.driver } ?? before,
                                      override: previous.map { $0.override } ?? override,
                                      target: target.driver, by: caller, at: previous?.at), to: state.bindingPath(a))
        do {
            try SysFile.write(target.driver, to: device.path + "/driver_override")
            if let cur = before { try SysFile.write("\(a)", to: paths.pciDrivers + "/\(cur)/unbind") }
            try SysFile.write("\(a)", to: paths.sys + "/bus/pci/drivers_probe")
            guard waitForDriver(device, target.driver) else {
                throw PCIError(target == .uio
                    ? "uio_pci_generic did not take \(a): it needs a legacy INTx interrupt the device can mask (see `dmesg | tail`); --to vfio does not"
                    : "vfio-pci did not take \(a) (see `dmesg | tail`)")
            }
            return "\(a): \(before ?? "(no driver)") -> \(target.driver)\(try attachment(device, target))"
        } catch {
            let now = putBack(device, on: before, override: override)
            if let previous { try? state.write(previous, to: state.bindingPath(a)) } else { state.remove(state.bindingPath(a)) }
            throw PCIError("\(error); \(a) is back on \(now ?? "no driver")")
        }
    }

    /// What userspace opens: ` (uio0)` or ` (IOMMU group 7, /dev/vfio/7)`; throws when it is missing.
    private func attachment(_ device: PCIDevice, _ target: BindTarget) throws -> String {
        switch target {
        case .uio:
            let names = (try? FileManager.default.contentsOfDirectory(atPath: device.path + "/uio")) ?? []
            guard let uio = names.filter({ $0.hasPrefix("uio") }).sorted().first else {
                throw PCIError("\(device.address) is on uio_pci_generic but \(device.path)/uio has no uioN")
            }
            return " (\(uio))"
        case .vfio:
            guard let n = SysFile.linkName(device.path + "/iommu_group") else {
                throw PCIError("\(device.address) is on vfio-pci but has no IOMMU group")
            }
            let node = paths.dev + "/vfio/\(n)"
            guard poll({ SysFile.exists(node) }) else {
                throw PCIError("\(device.address) is on vfio-pci but \(node) did not appear (is devtmpfs mounted on /dev?)")
            }
            return " (IOMMU group \(n), \(node))"
        }
    }

    private func ensureDriver(_ target: BindTarget) throws {
        let dir = paths.pciDrivers + "/" + target.driver
        if SysFile.exists(dir) { return }
        try loadModule(target.driver)
        guard SysFile.exists(dir) else { throw PCIError("modprobe \(target.driver) succeeded but \(dir) did not appear") }
    }

    // MARK: Unbinding

    /// Takes the device from uio/vfio and gives it back to the driver recorded at bind time, its
    /// driver_override as it was; clears nbshim's records of it. Refused while an attach drives it.
    public func unbind(_ device: PCIDevice) throws -> String {
        let lock = try DeviceLock.take(device.address, paths: paths)
        defer { lock.release() }
        return try unbindLocked(device)
    }

    func unbindLocked(_ device: PCIDevice) throws -> String {
        let a = device.address
        let original = try recorded(a)
        guard let cur = device.driver, BindTarget.isUserspace(cur) else {
            let now = device.driver.map { "bound to \($0)" } ?? "not bound to any driver"
            guard original != nil else {
                throw PCIError("\(a) is \(now), not to uio_pci_generic or vfio-pci: nothing to unbind")
            }
            state.remove(state.bindingPath(a))
            return "\(a): \(now) already; cleared nbshim's record of it"
        }
        if let orig = original?.driver, !SysFile.exists(paths.pciDrivers + "/" + orig) {
            try? loadModule(orig) // best effort: the bind below reports what happened
        }
        let now = putBack(device, on: original?.driver, override: original?.override, probeWhenNone: original == nil)
        guard now != cur else { throw PCIError("\(a) is still on \(cur): writing to \(paths.pciDrivers)/\(cur)/unbind had no effect") }
        state.remove(state.bindingPath(a))
        if let orig = original?.driver, now != orig {
            throw PCIError("\(a): \(cur) -> \(now ?? "(no driver)"), but \(orig) did not take it back: see `dmesg | tail`, then `echo \(a) > \(paths.pciDrivers)/\(orig)/bind`")
        }
        let note = original == nil ? " (no record of its original driver: the kernel chose)" : ""
        return "\(a): \(cur) -> \(now ?? "(no driver)")\(note)"
    }

    /// Moves the device from whatever holds it to `driver` (nil: none; with `probeWhenNone` the
    /// kernel picks), with `override` as its driver_override after. Best effort, used on the way
    /// back; returns the driver that ends up bound.
    @discardableResult
    private func putBack(_ device: PCIDevice, on driver: String?, override: String?, probeWhenNone: Bool = false) -> String? {
        let a = "\(device.address)"
        let link = device.path + "/driver"
        if let cur = SysFile.linkName(link), cur != driver {
            try? SysFile.write(a, to: paths.pciDrivers + "/\(cur)/unbind")
        }
        // uio_pci_generic and vfio-pci match no ids of their own: only an override lets them bind.
        // Any other override would keep `driver` out, so the device's own comes back after.
        let userspace = driver.flatMap { BindTarget.isUserspace($0) ? $0 : nil }
        try? SysFile.write(userspace ?? "\n", to: device.path + "/driver_override")
        defer { if userspace == nil, let override { try? SysFile.write(override, to: device.path + "/driver_override") } }
        if let d = driver, SysFile.linkName(link) != d {
            try? SysFile.write(a, to: paths.pciDrivers + "/\(d)/bind")
            if !waitForDriver(device, d) {
                try? SysFile.write(a, to: paths.sys + "/bus/pci/drivers_probe")
                _ = waitForDriver(device, d)
            }
        } else if driver == nil && probeWhenNone {
            try? SysFile.write(a, to: paths.sys + "/bus/pci/drivers_probe")
        }
        return SysFile.linkName(link)
    }

    /// Probing normally finishes inside the sysfs write; a driver that probes asynchronously gets half a second.
    private func waitForDriver(_ device: PCIDevice, _ driver: String) -> Bool {
        poll { SysFile.linkName(device.path + "/driver") == driver }
    }

    private func poll(_ done: () -> Bool) -> Bool {
        for _ in 0..<10 {
            if done() { return true }
            usleep(50_000)
        }
        return done()
    }

    // MARK: Records

    /// Where the records of what bind changed live (StateDirectory).
    public var state: StateDirectory { StateDirectory(paths: paths) }

    /// What bind changed for the device, nil when nbshim did not bind it.
    public func recorded(_ a: PCIAddress) throws -> BindingRecord? {
        try state.read(BindingRecord.self, at: state.bindingPath(a))
    }

    // MARK: Module loading

    /// `modprobe MODULE`; each way it can fail is one line with the fix.
    public static func modprobe(_ module: String, paths: HostPaths = .live) throws {
        let candidates = ["/usr/sbin/modprobe", "/sbin/modprobe", "/usr/bin/modprobe", "/bin/modprobe"]
        guard let tool = candidates.first(where: FileManager.default.isExecutableFile) else {
            throw PCIError("modprobe not found, needed to load \(module): install kmod (apt-get install kmod)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = [module]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch { throw PCIError("cannot run \(tool): \(error.localizedDescription)") }
        let output = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let why = output.split(separator: "\n").first.map(String.init) ?? "exit status \(p.terminationStatus)"
            let release = SysFile.text(paths.proc + "/sys/kernel/osrelease") ?? "$(uname -r)"
            throw PCIError("modprobe \(module) failed (\(why)): install the modules of kernel \(release) (Debian: apt-get install linux-image-\(release))")
        }
    }
}
