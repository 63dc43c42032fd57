import Foundation
import NBHost
import NBPCI
import XCTest

/// UIODevice against a sysfs tree built here: regular files stand in for `config` and `resourceN`,
/// a FIFO for /dev/uio0 (each 4-byte write is one interrupt).
final class UIODeviceFakeTests: XCTestCase {
    var root = ""
    var paths = HostPaths()
    let bdf = PCIAddress("0000:00:04.0")!
    var devDir: String { paths.device(bdf) }

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "nbshim-uio-\(UUID().uuidString)"
        paths = HostPaths(sys: root + "/sys", proc: "/proc", dev: root + "/dev")
        let fm = FileManager.default
        try fm.createDirectory(atPath: devDir + "/uio/uio0", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: paths.pciDrivers + "/uio_pci_generic", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: paths.dev, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: devDir + "/driver", withDestinationPath: "../../../bus/pci/drivers/uio_pci_generic")
        var config = [UInt8](repeating: 0, count: 256)
        config[0...3] = [0x34, 0x12, 0xe8, 0x11]
        config[4] = 0x03        // I/O and memory decode on, bus master off
        config[5] = 0x04        // INTx masked, as uio_pci_generic leaves it after an interrupt
        config[0x3d] = 1        // INTA#
        _ = fm.createFile(atPath: devDir + "/config", contents: Data(config))
        let resource = ["0x00000000febf1000 0x00000000febf1fff 0x0000000000040200",
                        "0x000000000000c040 0x000000000000c07f 0x0000000000040101"]
            + Array(repeating: "0x0000000000000000 0x0000000000000000 0x0000000000000000", count: 11)
        _ = fm.createFile(atPath: devDir + "/resource", contents: Data(resource.joined(separator: "\n").utf8))
        _ = fm.createFile(atPath: devDir + "/resource0", contents: Data(count: 4096))
        _ = fm.createFile(atPath: devDir + "/resource1", contents: Data(count: 64))
        XCTAssertEqual(mkfifo(paths.dev + "/uio0", 0o600), 0)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func configByte(_ offset: Int) -> UInt8 { [UInt8](FileManager.default.contents(atPath: devDir + "/config")!)[offset] }

    func testRefusesADeviceBoundToAnotherDriver() throws {
        try FileManager.default.removeItem(atPath: devDir + "/driver")
        try FileManager.default.createSymbolicLink(atPath: devDir + "/driver", withDestinationPath: "../../../bus/pci/drivers/e1000")
        XCTAssertThrowsError(try UIODevice(address: bdf, paths: paths)) { error in
            XCTAssertEqual("\(error)", "0000:00:04.0 is bound to e1000, not uio_pci_generic: run 'nbshim bind 0000:00:04.0'")
        }
        try FileManager.default.removeItem(atPath: devDir + "/driver")
        XCTAssertThrowsError(try UIODevice(address: bdf, paths: paths)) { error in
            XCTAssertEqual("\(error)", "0000:00:04.0 is bound to no driver, not uio_pci_generic: run 'nbshim bind 0000:00:04.0'")
        }
    }

    func testOpenFindsUIONodeAndEnablesBusMastering() throws {
        let d = try UIODevice(address: bdf, paths: paths)
        defer { d.close() }
        XCTAssertEqual(d.backendName, "uio0")
        XCTAssertEqual(configByte(4), 0x07)
        try d.setBusMaster(false)
        XCTAssertEqual(configByte(4), 0x03)
        XCTAssertEqual(configByte(5), 0x04, "the high COMMAND byte is left alone")
    }

    func testConfigAccessIsLittleEndianAndBounded() throws {
        let d = try UIODevice(address: bdf, paths: paths)
        defer { d.close() }
        XCTAssertEqual(try d.configRead(0, as: UInt16.self), 0x1234)
        XCTAssertEqual(try d.configRead(0, as: UInt32.self), 0x11e8_1234)
        XCTAssertEqual(try d.configRead(3, as: UInt8.self), 0x11)
        try d.configWrite(0x40, UInt32(0xa1b2_c3d4))
        XCTAssertEqual([configByte(0x40), configByte(0x41), configByte(0x42), configByte(0x43)], [0xd4, 0xc3, 0xb2, 0xa1])
        try d.configWrite(0x42, UInt16(0x0102))
        XCTAssertEqual(try d.configRead(0x40, as: UInt32.self), 0x0102_c3d4)
        XCTAssertThrowsError(try d.configRead(0xfe, as: UInt32.self)) { error in
            XCTAssertTrue("\(error)".contains("config space of this function ends before it"), "\(error)")
        }
        XCTAssertThrowsError(try d.configRead(4094, as: UInt32.self))
        XCTAssertThrowsError(try d.configRead(0, as: UInt64.self))
    }

    func testMemoryBARMapsTheResourceFile() throws {
        let d = try UIODevice(address: bdf, paths: paths)
        let bar = try d.mapBAR(0)
        XCTAssertEqual(bar.size, 4096)
        XCTAssertEqual(try d.mapBAR(0).base, bar.base, "mapping twice gives the same mapping")
        bar.base.storeBytes(of: UInt32(0xfeed_f00d).littleEndian, toByteOffset: 8, as: UInt32.self)
        d.close()
        let file = [UInt8](FileManager.default.contents(atPath: devDir + "/resource0")!)
        XCTAssertEqual(Array(file[8...11]), [0x0d, 0xf0, 0xed, 0xfe])
    }

    func testIOBARUsesPreadAndPwrite() throws {
        let d = try UIODevice(address: bdf, paths: paths)
        defer { d.close() }
        try d.barWrite(1, 0x10, width: 2, 0xbeef)
        XCTAssertEqual(try d.barRead(1, 0x10, width: 2), 0xbeef)
        XCTAssertEqual(try d.barRead(1, 0x10, width: 1), 0xef)
        XCTAssertThrowsError(try d.barRead(1, 62, width: 4)) { error in
            XCTAssertTrue("\(error)".contains("outside BAR 1"), "\(error)")
        }
        // The personality's own port I/O: the same resource file, at the port's offset.
        let file = try XCTUnwrap(try d.portIOFile(1))
        XCTAssertEqual(file.offset, 0)
        XCTAssertEqual(file.size, 64)
        var raw: UInt16 = 0
        XCTAssertEqual(pread(file.fd, &raw, 2, 0x10), 2)
        XCTAssertEqual(UInt16(littleEndian: raw), 0xbeef)
        XCTAssertThrowsError(try d.mapBAR(1)) { XCTAssertTrue("\($0)".contains("is an I/O BAR"), "\($0)") }
        XCTAssertThrowsError(try d.barRead(0, 0, width: 1)) { XCTAssertTrue("\($0)".contains("is a memory BAR"), "\($0)") }
        XCTAssertThrowsError(try d.portIOFile(0)) { XCTAssertTrue("\($0)".contains("is a memory BAR"), "\($0)") }
        XCTAssertThrowsError(try d.mapBAR(2)) { XCTAssertTrue("\($0)".contains("not implemented"), "\($0)") }
    }

    func testInterruptThreadRunsHandlerUnmasksAndStopsCleanly() throws {
        let d = try UIODevice(address: bdf, paths: paths)
        defer { d.close() }
        let seen = DispatchSemaphore(value: 0)
        let count = Counter()
        try d.enableInterrupts(vector: .intx) { count.add(); seen.signal() }
        XCTAssertEqual(configByte(5) & 0x04, 0, "enabling unmasks INTx")
        let fifo = open(paths.dev + "/uio0", O_WRONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(fifo, 0)
        defer { close(fifo) }
        for i in 1...20 {
            try d.configWrite(5, UInt8(0x04))        // what the kernel's handler does
            var n = UInt32(i)
            XCTAssertEqual(write(fifo, &n, 4), 4)
            XCTAssertEqual(seen.wait(timeout: .now() + 5), .success, "interrupt \(i) reached the handler")
            // The unmask follows the handler; give the thread a moment to get there.
            let deadline = Date().addingTimeInterval(5)
            while configByte(5) & 0x04 != 0 && Date() < deadline { usleep(100) }
            XCTAssertEqual(configByte(5) & 0x04, 0, "unmasked after interrupt \(i)")
        }
        d.disableInterrupts(vector: .intx)
        XCTAssertEqual(count.value, 20)
        XCTAssertEqual(configByte(5) & 0x04, 0x04, "masked again once nobody listens")
        var n: UInt32 = 99
        XCTAssertEqual(write(fifo, &n, 4), 4)
        usleep(50_000)
        XCTAssertEqual(count.value, 20, "no handler runs after disableInterrupts returned")
        try d.enableInterrupts(vector: .intx) { count.add(); seen.signal() }
        XCTAssertEqual(seen.wait(timeout: .now() + 5), .success, "re-enabled: the pending event is delivered")
        XCTAssertThrowsError(try d.enableInterrupts(vector: .intx) {}) { XCTAssertTrue("\($0)".contains("already enabled"), "\($0)") }
    }

    func testFunctionWithoutInterruptPinIsRefused() throws {
        let d = try UIODevice(address: bdf, paths: paths)
        defer { d.close() }
        try d.configWrite(0x3d, UInt8(0))
        XCTAssertThrowsError(try d.enableInterrupts(vector: .intx) {}) { XCTAssertTrue("\($0)".contains("has no INTx pin"), "\($0)") }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
