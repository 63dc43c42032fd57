import XCTest
@testable import NBPCI

/// Config-space decoding from blobs built by the tests.
final class ConfigSpaceTests: XCTestCase {
    func testShortBlobIsAClearError() {
        XCTAssertThrowsError(try ConfigSpace([UInt8](repeating: 0xff, count: 10))) {
            XCTAssertEqual("\($0)", "config space is 10 bytes, a PCI header needs 64")
        }
        XCTAssertThrowsError(try ConfigSpace([]))
        XCTAssertNoThrow(try ConfigSpace([UInt8](repeating: 0, count: 64)))
    }

    func testHeaderFields() throws {
        var b = ConfigBlob(vendor: 0x1234, device: 0x11e8, classCode: 0x00ff00, revision: 0x10, multiFunction: true)
        b.interrupt(pin: 2, line: 10)
        let c = try ConfigSpace(b.bytes)
        XCTAssertEqual(c.vendorID, 0x1234)
        XCTAssertEqual(c.deviceID, 0x11e8)
        XCTAssertEqual(c.classCode, 0x00ff00)
        XCTAssertEqual(c.revision, 0x10)
        XCTAssertEqual(c.headerType, 0)
        XCTAssertTrue(c.isMultiFunction)
        XCTAssertEqual(c.interruptPin, 2)
        XCTAssertEqual(c.interruptLine, 10)
        XCTAssertNil(c.u32(254), "reads past the end are nil, not a trap")
        XCTAssertEqual(c.u16(254), 0)
    }

    func testBARKinds() throws {
        var b = ConfigBlob()
        b.bar(0, 0x0000_000c)            // 64-bit prefetchable, low half
        b.bar(1, 0x0000_0008)            // its high half: 0x8_0000_0000
        b.bar(2, 0xfebc_0000)            // 32-bit memory
        b.bar(3, 0x0000_c001)            // I/O
        b.bar(5, 0xfe00_0004)            // 64-bit type in the last slot: no upper half to read
        let bars = try ConfigSpace(b.bytes).bars
        XCTAssertEqual(bars, [
            BAR(index: 0, kind: .memory64, prefetchable: true, address: 0x8_0000_0000),
            BAR(index: 2, kind: .memory32, prefetchable: false, address: 0xfebc_0000),
            BAR(index: 3, kind: .io, prefetchable: false, address: 0xc000),
            BAR(index: 5, kind: .memory64, prefetchable: false, address: 0xfe00_0000),
        ])
    }

    func testBridgeHasTwoBARSlots() throws {
        var b = ConfigBlob(classCode: 0x060400, headerType: 1)
        b.bar(0, 0xfe80_0000)
        b.bar(2, 0x0001_0100)            // in a bridge header this is the bus number register, not a BAR
        let c = try ConfigSpace(b.bytes)
        XCTAssertEqual(c.barSlots, 2)
        XCTAssertEqual(c.bars.map(\.index), [0])
    }

    func testMSIX() throws {
        var b = ConfigBlob()
        let off = b.msix(tableSize: 64, tableBIR: 3, tableOffset: 0x2000, pbaBIR: 4, pbaOffset: 0x3800,
                         enabled: true, masked: true)
        let caps = try ConfigSpace(b.bytes).capabilities
        XCTAssertNil(caps.problem)
        XCTAssertEqual(caps.items, [Capability(offset: off, id: 0x11, extended: false, detail:
            .msix(enabled: true, functionMasked: true, tableSize: 64, tableBIR: 3, tableOffset: 0x2000,
                  pbaBIR: 4, pbaOffset: 0x3800))])
        XCTAssertEqual(caps.items[0].name, "MSI-X")
        XCTAssertEqual(DeviceReport.capabilityReport(caps.items[0]).text, [
            "Capabilities: [40] MSI-X: Enable+ Count=64 Masked+",
            "\tVector table: BAR=3 offset=00002000",
            "\tPBA: BAR=4 offset=00003800",
        ])
    }

    func testMSIVectorCounts() throws {
        var b = ConfigBlob()
        b.pm(version: 3, state: 3)
        b.msi(vectorsLog2: 3, enabledLog2: 1, enabled: true, is64Bit: true, maskable: true)
        b.msi(vectorsLog2: 0)
        let items = try ConfigSpace(b.bytes).capabilities.items
        XCTAssertEqual(items.map(\.offset), [0x40, 0x48, 0x60])
        XCTAssertEqual(items[0].detail, .powerManagement(version: 3, state: 3))
        XCTAssertEqual(items[1].detail, .msi(enabled: true, vectors: 8, enabledVectors: 2, is64Bit: true, maskable: true))
        XCTAssertEqual(items[2].detail, .msi(enabled: false, vectors: 1, enabledVectors: 1, is64Bit: false, maskable: false))
        XCTAssertEqual(items.flatMap { DeviceReport.capabilityReport($0).text }, [
            "Capabilities: [40] Power Management version 3, state D3hot",
            "Capabilities: [48] MSI: Enable+ Count=2/8 Maskable+ 64bit+",
            "Capabilities: [60] MSI: Enable- Count=1/1 Maskable- 64bit-",
        ])
    }

    func testExpressAndExtendedCapabilities() throws {
        var b = ConfigBlob(size: 4096)
        b.pcie(version: 2, portType: 0, linkSpeed: 2, linkWidth: 4)
        b.capability(0x03, [0, 0, 0, 0, 0, 0])       // VPD: named, not decoded
        b.extendedCapability(0x0001, version: 2, bodySize: 0x44)
        b.extendedCapability(0x0003, version: 1, bodySize: 8)
        b.extendedCapability(0x0999)
        let c = try ConfigSpace(b.bytes)
        XCTAssertEqual(c.capabilities.items.map(\.name), ["Express", "Vital Product Data"])
        XCTAssertEqual(c.capabilities.items[0].detail, .pciExpress(version: 2, portType: 0, linkSpeed: 2, linkWidth: 4))
        let ext = c.extendedCapabilities
        XCTAssertNil(ext.problem)
        XCTAssertEqual(ext.items.map(\.offset), [0x100, 0x148, 0x154])
        XCTAssertEqual(ext.items.map(\.name), ["Advanced Error Reporting", "Device Serial Number",
                                               "Extended Capability 0x0999"])
        XCTAssertEqual(ext.items[0].detail, .extended(version: 2))
        XCTAssertEqual(DeviceReport.capabilityReport(c.capabilities.items[0]).text,
                       ["Capabilities: [40] Express (v2) Endpoint", "\tLink: speed 5GT/s, width x4"])
        XCTAssertEqual(DeviceReport.capabilityReport(ext.items[0]).text, ["Capabilities: [100 v2] Advanced Error Reporting"])
        XCTAssertTrue(try ConfigSpace(ConfigBlob().bytes).extendedCapabilities.items.isEmpty, "256-byte space has none")

        var rciep = ConfigBlob()
        rciep.pcie(version: 1, portType: 9, linkSpeed: 1, linkWidth: 1)
        let r = try ConfigSpace(rciep.bytes).capabilities.items[0]
        XCTAssertEqual(r.detail, .pciExpress(version: 1, portType: 9, linkSpeed: nil, linkWidth: nil))
        XCTAssertEqual(DeviceReport.capabilityReport(r).text, ["Capabilities: [40] Express (v1) Root Complex Integrated Endpoint"])
    }

    func testOnlyTheHeaderReadable() throws {
        var b = ConfigBlob()
        b.msi(vectorsLog2: 1)
        let c = try ConfigSpace(Array(b.bytes.prefix(64)))   // what sysfs gives a non-root reader
        XCTAssertEqual(c.capabilities.items, [])
        XCTAssertEqual(c.capabilities.problem,
                       "unavailable: only the 64-byte header is readable (run as root to read all of config space)")
        XCTAssertTrue(try ConfigSpace(ConfigBlob().bytes).capabilities.items.isEmpty, "status bit 4 clear: no list")
        XCTAssertNil(try ConfigSpace(ConfigBlob().bytes).capabilities.problem)
    }

    func testBrokenCapabilityListsStop() throws {
        var loop = ConfigBlob()
        let first = loop.pm(version: 2)
        let second = loop.msi(vectorsLog2: 0)
        loop.put8(second + 1, UInt8(first))                  // second points back at the first
        let l = try ConfigSpace(loop.bytes).capabilities
        XCTAssertEqual(l.items.map(\.offset), [first, second])
        XCTAssertEqual(l.problem, "capability list loops back to 0x40")

        var outside = ConfigBlob(size: 128)
        outside.pm(version: 2)
        outside.put8(0x41, 0xf0)                             // beyond the 128 bytes we have
        let o = try ConfigSpace(outside.bytes).capabilities
        XCTAssertEqual(o.items.count, 1)
        XCTAssertEqual(o.problem, "capability pointer 0xf0 is outside config space")

        var intoHeader = ConfigBlob()
        intoHeader.pm(version: 2)
        intoHeader.put8(0x41, 0x10)
        XCTAssertEqual(try ConfigSpace(intoHeader.bytes).capabilities.problem,
                       "capability pointer 0x10 is outside config space")

        var cutOff = ConfigBlob(size: 0x42)                  // MSI-X header at the very end, body missing
        cutOff.put8(0x34, 0x40)
        cutOff.put16(0x06, 0x10)
        cutOff.put8(0x40, 0x11)
        let cut = try ConfigSpace(cutOff.bytes).capabilities
        XCTAssertEqual(cut.items, [Capability(offset: 0x40, id: 0x11, extended: false, detail: nil)])

        var extLoop = ConfigBlob(size: 4096)
        extLoop.put32(0x100, 0x1001_0001)                    // AER whose next is itself
        let e = try ConfigSpace(extLoop.bytes).extendedCapabilities
        XCTAssertEqual(e.items.count, 1)
        XCTAssertEqual(e.problem, "extended capability list loops back to 0x100")
    }

    func testNames() {
        XCTAssertEqual(PCINames.className(0x020000), "Ethernet controller")
        XCTAssertEqual(PCINames.className(0x0c0330), "USB controller")
        XCTAssertEqual(PCINames.className(0x02ee00), "Network controller", "unknown subclass: base name")
        XCTAssertEqual(PCINames.className(0xee0100), "Class ee01")
        XCTAssertEqual(PCINames.capability(0x10), "Express")
        XCTAssertEqual(PCINames.capability(0x7f), "Capability 0x7f")
    }

    func testSizeFormat() {
        XCTAssertEqual(formatSize(64), "64")
        XCTAssertEqual(formatSize(128 * 1024), "128K")
        XCTAssertEqual(formatSize(1536), "1536")
        XCTAssertEqual(formatSize(16 << 20), "16M")
        XCTAssertEqual(formatSize(4 << 30), "4G")
        XCTAssertEqual(formatSize(2 << 40), "2T")
    }
}
