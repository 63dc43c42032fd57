import Foundation
import XCTest
@testable import NBPCI

/// bind's safety analysis and the bind/unbind procedure over fake sysfs and procfs trees.
final class BindingTests: XCTestCase {
    let blk = PCIAddress(bus: 0, device: 2, function: 0)
    let nic = PCIAddress(bus: 0, device: 3, function: 0)
    let share = PCIAddress(bus: 0, device: 4, function: 0)
    let data = PCIAddress(bus: 0, device: 5, function: 0)

    /// A guest like our sandbox's: virtio-blk with vda/vda1, e1000 with eth0, a virtio-9p share, a
    /// second disk vdb; nothing mounted yet.
    func guest(netFlags: String = "0x1002") throws -> FakeSysfs {
        let sys = try FakeSysfs()
        try sys.add(.init(address: blk, vendor: 0x1af4, device: 0x1001, classCode: 0x010000, driver: "virtio-pci"))
        try sys.add(.init(address: nic, driver: "e1000"))
        try sys.add(.init(address: share, vendor: 0x1af4, device: 0x1009, classCode: 0x000200, driver: "virtio-pci"))
        try sys.add(.init(address: data, vendor: 0x1af4, device: 0x1001, classCode: 0x010000, driver: "virtio-pci"))
        let vda = try sys.addBlock("vda", dev: "254:0", under: blk, at: "virtio1/block/vda")
        try sys.addBlock("vda1", dev: "254:1", at: vda + "/vda1")
        try sys.addBlock("vdb", dev: "254:16", under: data, at: "virtio3/block/vdb")
        try sys.addNetInterface("eth0", under: nic, flags: netFlags)
        try sys.addVirtio("virtio0", under: share, attributes: ["mount_tag": "hostroot\0"])
        return sys
    }

    func binder(_ sys: FakeSysfs, addresses: [String: [String]] = [:]) -> Binder {
        Binder(paths: sys.bindPaths, interfaceAddresses: { addresses },
               loadModule: { throw PCIError("test tree: no module \($0)") })
    }

    func device(_ sys: FakeSysfs, _ a: PCIAddress) throws -> PCIDevice { try PCIDevice(a, paths: sys.bindPaths) }

    func refusal(_ body: () throws -> Any) -> String? {
        do { _ = try body() } catch { return "\(error)" }
        return nil
    }

    // MARK: Root filesystem: never, not even forced

    func testRootOnBlockDevicePartitionIsRefusedEvenForced() throws {
        let sys = try guest()
        try sys.mountinfo(["27 1 254:1 / / rw,relatime - ext4 /dev/vda1 rw"])
        for force in [false, true] {
            let why = refusal { try self.binder(sys).checkSafety(try self.device(sys, self.blk), force: force) }
            XCTAssertEqual(why, "refusing 0000:00:02.0: it backs the root filesystem (/ (ext4 on /dev/vda1)); --force does not override this")
        }
        XCTAssertEqual(try binder(sys).checkSafety(try device(sys, data), force: false), [], "the other disk is free")
    }

    func testRootOnDeviceMapperOverPartitionIsRefused() throws {
        let sys = try guest()
        try sys.addBlock("dm-0", dev: "253:0", at: sys.paths.sys + "/devices/virtual/block/dm-0", holderOf: "vda1")
        try sys.mountinfo(["27 1 253:0 / / rw - xfs /dev/mapper/root rw"])
        let why = refusal { try self.binder(sys).checkSafety(try self.device(sys, self.blk), force: true) }
        XCTAssertTrue(why?.contains("backs the root filesystem") == true, why ?? "accepted")
    }

    func testRoot9pShareIsRefusedEvenForced() throws {
        let sys = try guest()
        try sys.mountinfo(["1 1 0:20 / / rw,relatime - 9p hostroot rw,trans=virtio",
                           "2 1 0:21 / /proc rw - proc proc rw"])
        for force in [false, true] {
            let why = refusal { try self.binder(sys).check([try self.device(sys, self.share)], to: .uio, force: force) }
            XCTAssertEqual(why, "refusing 0000:00:04.0: it backs the root filesystem (/ (9p on share 'hostroot')); --force does not override this")
        }
        XCTAssertEqual(try binder(sys).checkSafety(try device(sys, blk), force: false), [], "vda backs nothing now")
    }

    func testOverlayRootOverA9pLayerIsRefused() throws {
        let sys = try guest()
        try sys.mountinfo(["5 1 0:30 / /lower ro - 9p hostroot ro,trans=virtio",
                           "4 1 0:29 / /rw rw - tmpfs tmpfs rw",
                           "9 1 254:16 / /data rw - ext4 /dev/vdb rw",
                           "6 1 0:31 / / rw - overlay overlay rw,lowerdir=/lower/usr:/lower,upperdir=/rw/upper,workdir=/rw/work"])
        let why = refusal { try self.binder(sys).checkSafety(try self.device(sys, self.share), force: true) }
        XCTAssertTrue(why?.contains("root filesystem (/lower (9p on share 'hostroot'))") == true, why ?? "accepted")
        XCTAssertEqual(try binder(sys).checkSafety(try device(sys, data), force: true).count, 1, "/data is only mounted")
    }

    /// nbshim sandbox: the 9p share is moved out of the overlay's sight before the chroot.
    func testOverlayRootWhoseLayerWasMovedStillCountsAsRoot() throws {
        let sys = try guest()
        try sys.mountinfo(["6 1 0:31 / / rw - overlay overlay rw,lowerdir=/host,upperdir=/upper/data,workdir=/upper/work",
                           "7 6 0:20 / /run/nbshim/hostroot ro - 9p hostroot ro,trans=virtio",
                           "8 6 254:16 / /data rw - ext4 /dev/vdb rw"])
        for force in [false, true] {
            XCTAssertEqual(refusal { try self.binder(sys).checkSafety(try self.device(sys, self.share), force: force) },
                           "refusing 0000:00:04.0: it backs the root filesystem (/run/nbshim/hostroot (9p on share 'hostroot'), which may hold the layers /host /upper/data of the overlay on / (not visible from here)); --force does not override this")
        }
        XCTAssertEqual(try binder(sys).checkSafety(try device(sys, nic), force: false), [], "devices that back nothing stay free")
    }

    // MARK: Overridable refusals

    func testMountedFilesystemIsRefusedUnlessForced() throws {
        let sys = try guest()
        try sys.mountinfo(["27 1 254:1 / / rw - ext4 /dev/vda1 rw",
                           "40 27 254:16 / /srv/my\\040data rw - ext4 /dev/vdb rw"])
        let d = try device(sys, data)
        XCTAssertEqual(refusal { try self.binder(sys).checkSafety(d, force: false) },
                       "refusing 0000:00:05.0: it backs mounted filesystems /srv/my data (ext4 on /dev/vdb); unmount them first (or use --force)")
        let forced = try binder(sys).checkSafety(d, force: true)
        XCTAssertEqual(forced.count, 1)
        XCTAssertTrue(forced[0].hasPrefix("0000:00:05.0: forced although it backs mounted filesystems /srv/my data"), forced[0])
    }

    func testBtrfsMountIsMatchedBySourceNotAnonymousNumber() throws {
        let sys = try guest()
        try sys.mountinfo(["41 1 0:45 / /data rw - btrfs /dev/vdb rw"])
        XCTAssertNotNil(refusal { try self.binder(sys).checkSafety(try self.device(sys, self.data), force: false) })
    }

    func testActiveSwapIsRefused() throws {
        let sys = try guest()
        try sys.writeFile("Filename Type Size Used Priority\n/dev/vdb partition 1048572 0 -2\n", to: sys.paths.proc + "/swaps")
        let why = refusal { try self.binder(sys).checkSafety(try self.device(sys, self.data), force: false) }
        XCTAssertTrue(why?.contains("active swap /dev/vdb; swapoff first") == true, why ?? "accepted")
    }

    func testInterfaceThatIsUpIsRefusedUnlessForced() throws {
        let sys = try guest(netFlags: "0x1003")
        let d = try device(sys, nic)
        let b = binder(sys, addresses: ["eth0": ["10.0.2.15"]])
        XCTAssertEqual(refusal { try b.checkSafety(d, force: false) },
                       "refusing 0000:00:03.0: network interface eth0 is up with addresses 10.0.2.15; `ip link set eth0 down && ip addr flush dev eth0` first (or use --force)")
        XCTAssertEqual(try b.checkSafety(d, force: true).count, 1)
    }

    func testInterfaceThatIsDownIsAcceptedUnlessItHasAddresses() throws {
        let sys = try guest(netFlags: "0x1002")
        let d = try device(sys, nic)
        XCTAssertEqual(try binder(sys).checkSafety(d, force: false), [])
        let why = refusal { try self.binder(sys, addresses: ["eth0": ["192.0.2.1"]]).checkSafety(d, force: false) }
        XCTAssertTrue(why?.contains("eth0 is down with addresses 192.0.2.1") == true, why ?? "accepted")
    }

    func testBridgesAreRefusedUnlessForced() throws {
        let sys = try guest()
        let host = PCIAddress(bus: 0, device: 0, function: 0)
        let port = PCIAddress(bus: 0, device: 0x1c, function: 0)
        try sys.add(.init(address: host, device: 0x29c0, classCode: 0x060000))
        try sys.add(.init(address: port, device: 0x2448, classCode: 0x060400, driver: "pcieport"))
        XCTAssertEqual(refusal { try self.binder(sys).checkSafety(try self.device(sys, host), force: false) },
                       "refusing 0000:00:00.0: it is a host bridge (class 0x060000); the devices behind it depend on it (or use --force)")
        XCTAssertTrue(refusal { try self.binder(sys).checkSafety(try self.device(sys, port), force: false) }?
            .contains("it is a PCI bridge (class 0x060400)") == true)
        XCTAssertEqual(try binder(sys).checkSafety(try device(sys, host), force: true).count, 1)
    }

    // MARK: vfio: IOMMU groups

    func testVfioWithoutIOMMUGroupNamesTheBootOption() throws {
        let sys = try guest()
        XCTAssertEqual(refusal { try self.binder(sys).check([try self.device(sys, self.nic)], to: .vfio, force: false) },
                       "0000:00:03.0 has no IOMMU group: boot with intel_iommu=on (or amd_iommu=on) or use --to uio")
    }

    func testVfioGroupViability() throws {
        let sys = try FakeSysfs()
        let nic = PCIAddress(bus: 2, device: 0, function: 0)
        let audio = PCIAddress(bus: 2, device: 0, function: 1)
        let port = PCIAddress(bus: 0, device: 0x1c, function: 0)
        let stub = PCIAddress(bus: 2, device: 0, function: 2)
        let idle = PCIAddress(bus: 2, device: 0, function: 3)
        try sys.add(.init(address: nic, driver: "e1000e", iommuGroup: 7))
        try sys.add(.init(address: port, classCode: 0x060400, driver: "pcieport", iommuGroup: 7))
        try sys.add(.init(address: stub, classCode: 0x040300, driver: "pci-stub", iommuGroup: 7))
        try sys.add(.init(address: idle, classCode: 0x0c0500, iommuGroup: 7))
        let d = try device(sys, nic)
        let group = try binder(sys).viableGroup(of: d, handedOver: [])
        XCTAssertEqual(group.number, 7)
        XCTAssertEqual(group.members.count, 4)

        try sys.add(.init(address: audio, classCode: 0x040300, driver: "snd_hda_intel", iommuGroup: 7))
        XCTAssertEqual(refusal { try self.binder(sys).check([d], to: .vfio, force: false) },
                       "IOMMU group 7 of 0000:02:00.0 is not viable: it also holds 0000:02:00.1 (snd_hda_intel); hand them over too (nbshim bind --to vfio 0000:02:00.0 0000:02:00.1) or use --to uio")
        // Handing over both functions in one command makes the group viable.
        XCTAssertEqual(try binder(sys).check([d, try device(sys, audio)], to: .vfio, force: false), [])
        try sys.bind(audio, to: "vfio-pci")
        XCTAssertNoThrow(try binder(sys).viableGroup(of: d, handedOver: []))
    }

    // MARK: The procedure, with a fake kernel reacting to the control files

    func testBindRecordsOriginalDriverAndUnbindRestoresIt() throws {
        let sys = try guest()
        try sys.addDriver("uio_pci_generic")
        let kernel = FakeKernel(sys)
        defer { kernel.stop() }
        let b = binder(sys)

        var lines: [String] = []
        try b.bind([try device(sys, nic)], to: .uio, force: false) { lines.append($0) }
        XCTAssertEqual(lines, ["0000:00:03.0: e1000 -> uio_pci_generic (uio0)"])
        XCTAssertEqual(try device(sys, nic).driver, "uio_pci_generic")
        XCTAssertEqual(try b.recorded(nic)?.driver, "e1000")

        lines = []
        try b.bind([try device(sys, nic)], to: .uio, force: false) { lines.append($0) }
        XCTAssertEqual(lines, ["0000:00:03.0: already bound to uio_pci_generic (uio0)"])

        XCTAssertEqual(try b.unbind(try device(sys, nic)), "0000:00:03.0: uio_pci_generic -> e1000")
        XCTAssertEqual(try device(sys, nic).driver, "e1000")
        XCTAssertTrue(sys.overrideCleared(nic), "driver_override cleared")
        XCTAssertTrue(try b.recorded(nic) == nil, "the record is gone")

        XCTAssertEqual(refusal { try b.unbind(try self.device(sys, self.nic)) },
                       "0000:00:03.0 is bound to e1000, not to uio_pci_generic or vfio-pci: nothing to unbind")
    }

    func testBindThatTheDriverRejectsIsPutBack() throws {
        let sys = try guest()
        try sys.addDriver("uio_pci_generic")
        let kernel = FakeKernel(sys, rejects: "uio_pci_generic")
        defer { kernel.stop() }
        let b = binder(sys)
        let why = refusal { try b.bind([try self.device(sys, self.nic)], to: .uio, force: false) { _ in } }
        XCTAssertEqual(why, "uio_pci_generic did not take 0000:00:03.0: it needs a legacy INTx interrupt the device can mask (see `dmesg | tail`); --to vfio does not; 0000:00:03.0 is back on e1000")
        XCTAssertEqual(try device(sys, nic).driver, "e1000")
        XCTAssertTrue(sys.overrideCleared(nic), "driver_override cleared")
        XCTAssertTrue(try b.recorded(nic) == nil)
    }

    func testMissingModuleIsOneLineAndTouchesNothing() throws {
        let sys = try guest()
        let why = refusal { try self.binder(sys).bind([try self.device(sys, self.nic)], to: .uio, force: false) { _ in } }
        XCTAssertEqual(why, "test tree: no module uio_pci_generic")
        XCTAssertEqual(try device(sys, nic).driver, "e1000")
        XCTAssertEqual(sys.contents("bus/pci/drivers/e1000/unbind"), "")
    }

    func testRefusalOfOneDeviceLeavesTheOthersAlone() throws {
        let sys = try guest()
        try sys.addDriver("uio_pci_generic")
        try sys.mountinfo(["27 1 254:1 / / rw - ext4 /dev/vda1 rw"])
        XCTAssertNotNil(refusal { try self.binder(sys).bind([try self.device(sys, self.nic), try self.device(sys, self.blk)],
                                                             to: .uio, force: true) { _ in } })
        XCTAssertEqual(sys.contents("bus/pci/drivers/e1000/unbind"), "", "e1000 was not touched")
        XCTAssertEqual(sys.contents("bus/pci/drivers_probe"), "")
    }

    func testMountinfoUnescapesAndSkipsMalformedLines() {
        let m = Mount.parse("36 35 98:0 /mnt1 /mnt\\0402 rw,noatime master:1 - ext3 /dev/root rw,errors=continue\ngarbage\n")
        XCTAssertEqual(m, [Mount(majorMinor: "98:0", mountPoint: "/mnt 2", fsType: "ext3", source: "/dev/root",
                                 superOptions: "rw,errors=continue")])
    }
}

extension FakeSysfs {
    /// `paths` with run/ and lib/modules inside the tree, so records never reach the real /run.
    var bindPaths: HostPaths {
        var p = paths
        p.run = root + "/run"
        p.modules = root + "/lib/modules"
        return p
    }

    /// A block device directory (at `path` under the PCI function, or absolute) with its `dev` number,
    /// linked from sys/class/block; `holderOf` stacks it on another block device (dm, md).
    @discardableResult
    func addBlock(_ name: String, dev: String, under a: PCIAddress? = nil, at path: String, holderOf: String? = nil) throws -> String {
        let dir = a.map { deviceDir($0) + "/" + path } ?? path
        try FileManager.default.createDirectory(atPath: dir + "/holders", withIntermediateDirectories: true)
        try writeFile(dev + "\n", to: dir + "/dev")
        try link(dir, at: paths.sys + "/class/block/" + name)
        if let lower = holderOf { try link(dir, at: paths.sys + "/class/block/\(lower)/holders/\(name)") }
        return dir
    }

    func addNetInterface(_ name: String, under a: PCIAddress, flags: String) throws {
        let dir = deviceDir(a) + "/net/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try writeFile(flags + "\n", to: dir + "/flags")
        try link(dir, at: paths.sys + "/class/net/" + name)
    }

    func addVirtio(_ name: String, under a: PCIAddress, attributes: [String: String]) throws {
        let dir = deviceDir(a) + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (k, v) in attributes { try writeFile(v, to: dir + "/" + k) }
        try link(dir, at: paths.sys + "/bus/virtio/devices/" + name)
    }

    /// Whether "\n" was the last write to driver_override. sysfs replaces the value on each write;
    /// a plain file keeps the tail of a longer earlier one, so only the start counts.
    func overrideCleared(_ a: PCIAddress) -> Bool {
        (FileManager.default.contents(atPath: deviceDir(a) + "/driver_override")?.first) == UInt8(ascii: "\n")
    }

    func mountinfo(_ lines: [String]) throws {
        try FileManager.default.createDirectory(atPath: paths.proc + "/self", withIntermediateDirectories: true)
        try writeFile(lines.joined(separator: "\n") + "\n", to: paths.proc + "/self/mountinfo")
    }

    func writeFile(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private func link(_ target: String, at path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }
}

/// Plays the kernel's side of the PCI control files on a background thread: a BDF written to a
/// driver's `unbind`/`bind` or to `drivers_probe` (honouring `driver_override`) moves the links, and
/// uio_pci_generic gets a uio/uio0 child. A driver named in `rejects` fails every probe.
final class FakeKernel: @unchecked Sendable {
    private let sys: FakeSysfs
    private let rejects: String?
    private let lock = NSLock()
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    init(_ sys: FakeSysfs, rejects: String? = nil) {
        self.sys = sys
        self.rejects = rejects
        Thread { [self] in
            while lock.withLock({ running }) {
                step()
                usleep(2_000)
            }
            done.signal()
        }.start()
    }

    func stop() {
        lock.withLock { running = false }
        done.wait()
    }

    /// The BDF written to a control file, if any.
    private func written(_ path: String) -> PCIAddress? { SysFile.text(path).flatMap(PCIAddress.init) }

    private func empty(_ path: String) { try? Data().write(to: URL(fileURLWithPath: path)) }

    private func hasDriver(_ a: PCIAddress) -> Bool { SysFile.linkName(sys.deviceDir(a) + "/driver") != nil }

    /// The real kernel acts inside each write; this one lags, so a bind or probe request waits
    /// until an unbind written before it has been played.
    private func step() {
        let drivers = (try? FileManager.default.contentsOfDirectory(atPath: sys.paths.pciDrivers)) ?? []
        for d in drivers {
            let f = sys.paths.pciDrivers + "/\(d)/unbind"
            if let a = written(f) { empty(f); try? sys.unbind(a) }
        }
        for d in drivers {
            let f = sys.paths.pciDrivers + "/\(d)/bind"
            if let a = written(f), !hasDriver(a) { empty(f); probe(a, with: d) }
        }
        let f = sys.paths.sys + "/bus/pci/drivers_probe"
        if let a = written(f), !hasDriver(a) {
            empty(f)
            let override = SysFile.text(sys.deviceDir(a) + "/driver_override") ?? ""
            if !override.isEmpty { probe(a, with: override) }
        }
    }

    private func probe(_ a: PCIAddress, with driver: String) {
        guard driver != rejects else { return }
        if driver == "uio_pci_generic" {
            try? FileManager.default.createDirectory(atPath: sys.deviceDir(a) + "/uio/uio0", withIntermediateDirectories: true)
        }
        try? sys.bind(a, to: driver)
    }
}
