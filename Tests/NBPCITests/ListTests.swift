import XCTest
@testable import NBPCI

/// `nbshim list` end to end (minus argument parsing) over fake sysfs trees.
final class ListTests: XCTestCase {
    /// QEMU's e1000 as Linux shows it: BAR0 128 KiB memory, BAR1 64 I/O ports, INTA on IRQ 11.
    private func e1000(_ a: PCIAddress = PCIAddress(bus: 0, device: 3, function: 0), driver: String? = "e1000",
                       group: Int? = 3) -> FakeSysfs.Function {
        var c = ConfigBlob(vendor: 0x8086, device: 0x100e, classCode: 0x020000, revision: 3,
                           subsystem: PCIID(vendor: 0x1af4, device: 0x1100))
        c.bar(0, 0xfebc_0000)
        c.bar(1, 0x0000_c001)
        c.interrupt(pin: 1, line: 11)
        return .init(address: a, config: c.bytes,
                     resources: [.mem32(0xfebc_0000, size: 0x20000), .io(0xc000, size: 64)],
                     irq: 11, driver: driver, iommuGroup: group)
    }

    func testE1000TextShort() throws {
        let sys = try FakeSysfs()
        try sys.add(e1000())
        let l = try DeviceListing(paths: sys.paths, verbose: false)
        XCTAssertEqual(l.errors, [])
        XCTAssertEqual(l.text(verbose: false), """
            0000:00:03.0 Ethernet controller [0200]: 8086:100e (rev 03)
            \tSubsystem: 1af4:1100
            \tKernel driver in use: e1000
            \tIOMMU group: 3

            """)
    }

    func testE1000VerboseMemoryAndIOBARs() throws {
        let sys = try FakeSysfs()
        try sys.add(e1000())
        let l = try DeviceListing(paths: sys.paths, verbose: true)
        XCTAssertEqual(l.errors, [])
        XCTAssertEqual(l.text(verbose: true), """
            0000:00:03.0 Ethernet controller [0200]: 8086:100e (rev 03)
            \tSubsystem: 1af4:1100
            \tHeader type: 0 (normal)
            \tInterrupt: pin A routed to IRQ 11
            \tRegion 0: Memory at febc0000 (32-bit, non-prefetchable) [size=128K]
            \tRegion 1: I/O ports at c000 [size=64]
            \tKernel driver in use: e1000
            \tIOMMU group: 3


            """)
        let r = try XCTUnwrap(l.reports.first?.regions)
        XCTAssertEqual(r, [
            .init(index: 0, kind: "memory32", prefetchable: false, address: "febc0000", size: 131072, enabled: nil),
            .init(index: 1, kind: "io", prefetchable: false, address: "c000", size: 64, enabled: nil),
        ])
    }

    func testSixtyFourBitBARTakesTwoSlots() throws {
        let sys = try FakeSysfs()
        var c = ConfigBlob(vendor: 0x1af4, device: 0x1041, classCode: 0x020000, revision: 1)
        c.bar(0, 0xfe00_0000)                      // 32-bit
        c.bar(1, 0x0000_000c)                      // 64-bit prefetchable in slots 1-2
        c.bar(2, 0x0000_0041)                      // upper half looks like an I/O BAR: must not be read as one
        c.bar(3, 0x0000_0004)                      // 64-bit in slots 3-4, not programmed yet
        c.put32(0x30, 0xfeb8_0000)                 // expansion ROM present but disabled
        try sys.add(.init(config: c.bytes, resources: [
            .mem32(0xfe00_0000, size: 0x1000), .mem64(0x41_0000_0000, size: 16 << 20, prefetchable: true), .none,
            .init(start: 0, end: 0, flags: 0x140204), .none, .none,
            .init(start: 0xfeb8_0000, end: 0xfebb_ffff, flags: 0x46200),
        ]))
        let l = try DeviceListing(paths: sys.paths, verbose: true)
        let lines = l.text(verbose: true).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { $0.contains("Region") || $0.contains("ROM") }, [
            "\tRegion 0: Memory at fe000000 (32-bit, non-prefetchable) [size=4K]",
            "\tRegion 1: Memory at 4100000000 (64-bit, prefetchable) [size=16M]",
            "\tRegion 3: Memory at <unassigned> (64-bit, non-prefetchable)",
            "\tExpansion ROM at feb80000 [disabled] [size=256K]",
        ])
        XCTAssertEqual(l.reports[0].regions?.map(\.index), [0, 1, 3])
        XCTAssertEqual(l.reports[0].regions?[1].size, 16 << 20)
    }

    func testNoDriverLink() throws {
        let sys = try FakeSysfs()
        try sys.add(e1000(driver: nil, group: nil))
        let l = try DeviceListing(paths: sys.paths, verbose: true)
        XCTAssertNil(l.reports[0].driver)
        XCTAssertFalse(l.text(verbose: true).contains("Kernel driver"))
        XCTAssertFalse(l.text(verbose: true).contains("IOMMU"))
        // JSON keeps the key, with null, so consumers can rely on it.
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try l.json().utf8)) as? [[String: Any]])
        XCTAssertTrue(obj[0]["driver"] is NSNull)
        XCTAssertTrue(obj[0]["iommuGroup"] is NSNull)
    }

    func testOtherDomainAndFunctionSeven() throws {
        let sys = try FakeSysfs()
        let a = PCIAddress(domain: 1, bus: 0x82, device: 0x1f, function: 7)
        try sys.add(e1000(a, driver: "vfio-pci", group: 41))
        try sys.add(e1000())
        let l = try DeviceListing(paths: sys.paths, verbose: false)
        XCTAssertEqual(l.reports.map(\.address), ["0000:00:03.0", "0001:82:1f.7"])
        let r = l.reports[1]
        XCTAssertEqual([r.domain, r.bus, r.device, r.function], [1, 0x82, 0x1f, 7])
        XCTAssertEqual(r.driver, "vfio-pci")
        XCTAssertEqual(r.iommuGroup, 41)
        XCTAssertTrue(l.text(verbose: false).contains("0001:82:1f.7 Ethernet controller [0200]: 8086:100e (rev 03)\n"))

        let exact = try DeviceListing(paths: sys.paths, slot: SlotFilter("0001:82:1f.7"), verbose: true)
        XCTAssertEqual(exact.reports.map(\.address), ["0001:82:1f.7"])
        XCTAssertEqual(exact.reports[0].regions?.count, 2)
        let short = try DeviceListing(paths: sys.paths, slot: SlotFilter("82:1f.7"), verbose: false)
        XCTAssertEqual(short.reports.map(\.address), ["0001:82:1f.7"], "short form matches in any domain")
        let wrongDomain = try DeviceListing(paths: sys.paths, slot: SlotFilter("0000:82:1f.7"), verbose: false)
        XCTAssertEqual(wrongDomain.reports.count, 0)
        XCTAssertEqual(wrongDomain.text(verbose: false), "")
        XCTAssertEqual(wrongDomain.errors, [])
    }

    func testMultiFunctionDevice() throws {
        let sys = try FakeSysfs()
        let classes: [UInt32] = [0x060100, 0x01018a, 0x0c0300, 0x068000]  // PIIX-like ISA/IDE/USB/ACPI
        for fn in 0..<4 {
            let a = PCIAddress(bus: 0, device: 1, function: UInt8(fn))
            let c = ConfigBlob(vendor: 0x8086, device: 0x7000 + UInt16(fn), classCode: classes[fn],
                               multiFunction: fn == 0)
            try sys.add(.init(address: a, vendor: 0x8086, device: 0x7000 + UInt16(fn), classCode: classes[fn],
                              revision: 0, subsystem: nil, config: c.bytes))
        }
        let l = try DeviceListing(paths: sys.paths, verbose: true)
        XCTAssertEqual(l.reports.map(\.address), ["0000:00:01.0", "0000:00:01.1", "0000:00:01.2", "0000:00:01.3"])
        XCTAssertEqual(l.reports.map(\.multiFunction), [true, false, false, false])
        XCTAssertEqual(l.reports.map(\.className), ["ISA bridge", "IDE interface", "USB controller", "Bridge"])
        let text = l.text(verbose: true)
        XCTAssertTrue(text.hasPrefix("0000:00:01.0 ISA bridge [0601]: 8086:7000\n\tHeader type: 0 (normal), multi-function\n"), text)
        XCTAssertTrue(text.contains("0000:00:01.1 IDE interface [0101]: 8086:7001 (prog-if 8a)\n\tHeader type: 0 (normal)\n"), text)
        XCTAssertEqual(try DeviceListing(paths: sys.paths, slot: SlotFilter("00:01.2"), verbose: false)
                        .reports.map(\.address), ["0000:00:01.2"])
    }

    func testLegacyIDEPortsComeFromResourceAlone() throws {
        // Legacy-mode IDE: BAR registers read 0, Linux still reports the fixed ports (one is 1 byte long).
        let sys = try FakeSysfs()
        try sys.add(.init(vendor: 0x8086, device: 0x7010, classCode: 0x010180, revision: 0, subsystem: nil,
                          resources: [.io(0x1f0, size: 8), .io(0x3f6, size: 1), .none, .none, .io(0xc080, size: 16)]))
        let l = try DeviceListing(paths: sys.paths, verbose: true)
        XCTAssertEqual(l.text(verbose: true).split(separator: "\n").filter { $0.contains("Region") }, [
            "\tRegion 0: I/O ports at 01f0 [size=8]",
            "\tRegion 1: I/O ports at 03f6 [size=1]",
            "\tRegion 4: I/O ports at c080 [size=16]",
        ])
    }

    func testShortConfigIsOneErrorAndListingContinues() throws {
        let sys = try FakeSysfs()
        try sys.add(e1000())
        let bad = PCIAddress(bus: 0, device: 5, function: 0)
        try sys.add(.init(address: bad, vendor: 0x1234, device: 0x11e8, classCode: 0x00ff00, revision: 0x10,
                          subsystem: nil, config: [UInt8](repeating: 0xff, count: 10)))
        try sys.add(e1000(PCIAddress(bus: 0, device: 6, function: 0), driver: nil, group: nil))
        let missingVendor = PCIAddress(bus: 0, device: 7, function: 0)
        try sys.add(.init(address: missingVendor))
        try FileManager.default.removeItem(atPath: sys.deviceDir(missingVendor) + "/vendor")

        let l = try DeviceListing(paths: sys.paths, verbose: true)
        XCTAssertEqual(l.errors.count, 2)
        XCTAssertEqual(l.errors[0], "0000:00:05.0: config space is 10 bytes, a PCI header needs 64")
        XCTAssertTrue(l.errors[1].hasPrefix("0000:00:07.0: "), l.errors[1])
        XCTAssertTrue(l.errors[1].contains("vendor, device or class attribute missing"), l.errors[1])
        XCTAssertEqual(l.reports.map(\.address), ["0000:00:03.0", "0000:00:05.0", "0000:00:06.0"])
        XCTAssertEqual(l.reports[1].error, l.errors[0])
        XCTAssertNil(l.reports[1].regions)
        XCTAssertEqual(l.reports[2].regions?.count, 2, "the device after the broken one is fully decoded")
        XCTAssertTrue(l.text(verbose: true).contains("0000:00:05.0 Unclassified device [00ff]: 1234:11e8 (rev 10)\n\n"))
        // Without -v config space is not read, so the short file is no error.
        XCTAssertEqual(try DeviceListing(paths: sys.paths, verbose: false).errors.count, 1)
    }

    func testHeaderOnlyConfigSaysCapabilitiesUnavailable() throws {
        let sys = try FakeSysfs()
        var c = ConfigBlob()
        c.bar(0, 0xfebc_0000)
        c.msix(tableSize: 4, tableBIR: 0, tableOffset: 0x1000, pbaBIR: 0, pbaOffset: 0x1800)
        try sys.add(.init(config: Array(c.bytes.prefix(64)), resources: [.mem32(0xfebc_0000, size: 0x4000)]))
        let l = try DeviceListing(paths: sys.paths, verbose: true)
        XCTAssertEqual(l.errors, [])
        let text = l.text(verbose: true)
        XCTAssertTrue(text.contains("\tRegion 0: Memory at febc0000 (32-bit, non-prefetchable) [size=16K]\n"), text)
        XCTAssertTrue(text.contains("\tCapabilities: <unavailable: only the 64-byte header is readable"), text)
    }

    func testCapabilitiesInListing() throws {
        let sys = try FakeSysfs()
        var c = ConfigBlob(vendor: 0x1234, device: 0x11e8, classCode: 0x00ff00, revision: 0x10)
        c.interrupt(pin: 1, line: 10)
        c.pm(version: 3)
        c.msi(vectorsLog2: 0, is64Bit: true)
        c.pcie(version: 2, portType: 0)
        c.msix(tableSize: 8, tableBIR: 2, tableOffset: 0, pbaBIR: 2, pbaOffset: 0x800)
        try sys.add(.init(vendor: 0x1234, device: 0x11e8, classCode: 0x00ff00, revision: 0x10, subsystem: nil,
                          config: c.bytes, irq: 23))
        let l = try DeviceListing(paths: sys.paths, verbose: true)
        XCTAssertEqual(l.text(verbose: true), """
            0000:00:03.0 Unclassified device [00ff]: 1234:11e8 (rev 10)
            \tHeader type: 0 (normal)
            \tInterrupt: pin A routed to IRQ 23
            \tCapabilities: [40] Power Management version 3, state D0
            \tCapabilities: [48] MSI: Enable- Count=1/1 Maskable- 64bit+
            \tCapabilities: [58] Express (v2) Endpoint
            \t\tLink: speed 2.5GT/s, width x1
            \tCapabilities: [94] MSI-X: Enable- Count=8 Masked-
            \t\tVector table: BAR=2 offset=00000000
            \t\tPBA: BAR=2 offset=00000800


            """)
        let msix = try XCTUnwrap(l.reports[0].capabilities?.last)
        XCTAssertEqual([msix.tableSize, msix.tableBIR, msix.tableOffset, msix.pbaBIR, msix.pbaOffset], [8, 2, 0, 2, 0x800])
        XCTAssertEqual(l.reports[0].interrupt, .init(pin: "A", line: 10, irq: 23))
    }

    func testIDFilter() throws {
        let sys = try FakeSysfs()
        try sys.add(e1000())
        try sys.add(.init(address: PCIAddress(bus: 0, device: 4, function: 0), vendor: 0x8086, device: 0x10d3))
        try sys.add(.init(address: PCIAddress(bus: 0, device: 5, function: 0), vendor: 0x1234, device: 0x11e8,
                          classCode: 0x00ff00))
        func list(_ d: String) throws -> [String] {
            try DeviceListing(paths: sys.paths, ids: IDFilter(d), verbose: false).reports.map(\.address)
        }
        XCTAssertEqual(try list("8086:100e"), ["0000:00:03.0"])
        XCTAssertEqual(try list("8086:"), ["0000:00:03.0", "0000:00:04.0"])
        XCTAssertEqual(try list(":11e8"), ["0000:00:05.0"])
        XCTAssertEqual(try list("8086:10D3"), ["0000:00:04.0"], "hex is case-insensitive")
        XCTAssertEqual(try list("dead:beef"), [])
        for bad in ["zz", "8086", "8086:100e:0200", ":", "12345:1", "8086:-1", ""] {
            XCTAssertThrowsError(try IDFilter(bad), bad) {
                XCTAssertEqual("\($0)", "-d '\(bad)': expected VENDOR:DEVICE in hex, e.g. 8086:100e, 8086: or :100e")
            }
        }
    }

    func testSlotFilter() throws {
        let sys = try FakeSysfs()
        try sys.add(e1000())
        try sys.add(e1000(PCIAddress(bus: 0, device: 4, function: 0)))
        XCTAssertEqual(try DeviceListing(paths: sys.paths, slot: SlotFilter("0000:00:04.0"), verbose: false)
                        .reports.map(\.address), ["0000:00:04.0"])
        XCTAssertEqual(try DeviceListing(paths: sys.paths, slot: SlotFilter("00:03.0"), verbose: false)
                        .reports.map(\.address), ["0000:00:03.0"])
        XCTAssertEqual(try DeviceListing(paths: sys.paths, ids: IDFilter("1234:"), slot: SlotFilter("00:03.0"),
                                         verbose: false).reports.count, 0, "both filters must match")
        for bad in ["3.0", "00:03", "00:20.0", "00:03.8", "0000:00:03.0.1", "x"] {
            XCTAssertThrowsError(try SlotFilter(bad), bad) {
                XCTAssertEqual("\($0)", "-s '\(bad)': expected a PCI address DDDD:BB:DD.F or BB:DD.F, e.g. 0000:00:03.0 or 00:03.0")
            }
        }
    }

    func testJSONParsesBack() throws {
        let sys = try FakeSysfs()
        try sys.add(e1000())
        var c = ConfigBlob()
        c.msix(tableSize: 3, tableBIR: 1, tableOffset: 0x8000, pbaBIR: 1, pbaOffset: 0x48000, enabled: true)
        try sys.add(.init(address: PCIAddress(domain: 1, bus: 0, device: 0, function: 7), config: c.bytes))
        let verbose = try DeviceListing(paths: sys.paths, verbose: true)
        let back = try JSONDecoder().decode([DeviceReport].self, from: Data(try verbose.json().utf8))
        XCTAssertEqual(back, verbose.reports)
        XCTAssertEqual(back.count, 2)
        XCTAssertEqual(back[0].vendorID, "8086")
        XCTAssertEqual(back[0].classCode, "020000")
        XCTAssertEqual(back[0].regions?[1].kind, "io")
        XCTAssertEqual(back[1].address, "0001:00:00.7")
        XCTAssertEqual(back[1].capabilities?.first?.tableOffset, 0x8000)
        XCTAssertEqual(back[1].capabilities?.first?.pbaOffset, 0x48000)

        let short = try DeviceListing(paths: sys.paths, verbose: false)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try short.json().utf8)) as? [[String: Any]])
        XCTAssertEqual(Set(obj[0].keys), ["address", "domain", "bus", "device", "function", "vendorID", "deviceID",
                                          "classCode", "className", "revision", "subsystemVendorID",
                                          "subsystemDeviceID", "driver", "iommuGroup"])
        XCTAssertEqual(try short.json(), try short.json(), "byte-stable")
        let none = try DeviceListing(paths: sys.paths, slot: SlotFilter("05:00.0"), verbose: false).json()
        XCTAssertEqual(try JSONDecoder().decode([DeviceReport].self, from: Data(none.utf8)), [])
    }
}
