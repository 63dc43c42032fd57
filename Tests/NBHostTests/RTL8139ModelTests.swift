import Foundation
import NBHost
import NBModels
import NBPCI
import XCTest

/// The RTL8139 model behaves like QEMU's rtl8139 where a driver can tell: the ring format, the
/// CAPR/CBR arithmetic, transmission in descriptor order, the receive filter and the interrupt pair.
final class RTL8139ModelTests: XCTestCase {
    private let mac: [UInt8] = [0x52, 0x54, 0x00, 0xaa, 0xbb, 0x01]

    /// A model with a 32 KiB receive ring (RCR: WRAP, AB, AM, APM, unlimited DMA) and one transmit page, receiver and transmitter on.
    private func started(rcr: UInt32 = 0x0000_078e) throws -> (ModelDevice, RTL8139Model, DMABuffer) {
        let model = RTL8139Model(mac: mac)
        let d = ModelDevice(model, address: PCIAddress(bus: 0, device: 3, function: 0))
        let mem = try d.allocateDMA(size: 0x8000 + 16 + 1536 + 4096, constraints: DMAConstraints(maxAddress: 0xffff_ffff))
        try d.barWrite(0, 0x37, width: 1, 0x10)                     // reset
        try d.barWrite(0, 0x30, width: 4, mem.busAddress)            // RBSTART
        try d.barWrite(0, 0x20, width: 4, mem.busAddress + 0x9000)   // TSAD0
        try d.barWrite(0, 0x37, width: 1, 0x0c)                     // RE | TE
        try d.barWrite(0, 0x44, width: 4, UInt64(rcr) | 2 << 11)     // 32 KiB ring
        return (d, model, mem)
    }

    private func frame(to dst: [UInt8], _ n: Int) -> [UInt8] {
        dst + [0x02, 0, 0, 0, 0, 0x09, 0x08, 0x00] + (0..<n).map { UInt8(truncatingIfNeeded: $0 * 7) }
    }

    func testConfigSpaceOffersIOAndMemoryBARs() throws {
        let d = RTL8139Model.device()
        defer { d.close() }
        XCTAssertEqual(try d.configRead(0, as: UInt32.self), 0x8139_10ec)
        XCTAssertEqual(try d.configRead(0x08, as: UInt32.self), 0x0200_0020)
        try d.configWrite(0x10, UInt32.max)
        XCTAssertEqual(try d.configRead(0x10, as: UInt32.self), 0xffff_ff01, "256 I/O ports")
        try d.configWrite(0x14, UInt32.max)
        XCTAssertEqual(try d.configRead(0x14, as: UInt32.self), 0xffff_ff00, "256 bytes of 32-bit memory")
        XCTAssertEqual(try d.barRead(0, 0, width: 4), 0x1200_5452, "IDR0-3 through the I/O BAR")
        XCTAssertEqual(try d.barRead(1, 4, width: 2), 0x5634, "IDR4-5 through the memory BAR")
        XCTAssertEqual(try d.barRead(0, 0x40, width: 4) & 0x7cc0_0000, 0x7480_0000, "RTL8139C+ in TCR")
    }

    func testReceivedFramesLandInTheRingWithHeaderAndCRC() throws {
        let (d, model, mem) = try started()
        defer { d.close() }
        XCTAssertEqual(try d.barRead(0, 0x37, width: 1) & 1, 1, "empty ring: BUFE")
        let f = frame(to: mac, 100)
        XCTAssertTrue(model.receive(f))
        XCTAssertTrue(model.receive(frame(to: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 10)))
        let ring = mem.virtualAddress
        let h0 = ring.loadUnaligned(as: UInt32.self)
        XCTAssertEqual(h0 & 0xffff, 0x4001, "ROK, physical match")
        XCTAssertEqual(Int(h0 >> 16), f.count + 4)
        XCTAssertEqual(Array(UnsafeRawBufferPointer(start: ring + 4, count: f.count)), f)
        let next = (4 + f.count + 4 + 3) & ~3
        let h1 = (ring + next).loadUnaligned(as: UInt32.self)
        XCTAssertEqual(h1 & 0xffff, 0x2001, "ROK, broadcast")
        XCTAssertEqual(h1 >> 16, 64, "padded to 60, plus CRC")
        XCTAssertEqual(try d.barRead(0, 0x3e, width: 2) & 1, 1, "ROK raised")
        XCTAssertEqual(try d.barRead(0, 0x3a, width: 2), UInt64(next + 68), "CBR")
        try d.barWrite(0, 0x38, width: 2, UInt64(next + 68 - 16))
        XCTAssertEqual(try d.barRead(0, 0x37, width: 1) & 1, 1, "CAPR caught up: empty again")
    }

    func testFilterHonoursRCRAndTheMulticastHash() throws {
        let (d, model, _) = try started(rcr: 0x0000_078e & ~0x04)  // no AM
        defer { d.close() }
        let group: [UInt8] = [0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb]
        XCTAssertFalse(model.receive(frame(to: [0x52, 0x54, 0x00, 0, 0, 9], 50)), "someone else's")
        XCTAssertFalse(model.receive(frame(to: group, 50)), "multicast without AM")
        try d.barWrite(0, 0x44, width: 4, 0x0000_078e | 2 << 11)
        XCTAssertFalse(model.receive(frame(to: group, 50)), "hash bit clear")
        try d.barWrite(0, 0x08, width: 4, 0xffff_ffff)
        try d.barWrite(0, 0x0c, width: 4, 0xffff_ffff)
        XCTAssertTrue(model.receive(frame(to: group, 50)))
        try d.barWrite(0, 0x44, width: 4, 0x0000_078f | 2 << 11)   // AAP
        XCTAssertTrue(model.receive(frame(to: [0x52, 0x54, 0x00, 0, 0, 9], 50)))
        XCTAssertEqual(model.filtered, 3)
    }

    func testTransmitSendsTheBufferAndReportsTOK() throws {
        let (d, model, mem) = try started()
        defer { d.close() }
        let sent = DispatchSemaphore(value: 0)
        let frames = Locked<[[UInt8]]>([])
        model.wire = { f in frames.update { $0.append(f) }; sent.signal() }
        let f = frame(to: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 80)
        f.withUnsafeBytes { (mem.virtualAddress + 0x9000).copyMemory(from: $0.baseAddress!, byteCount: f.count) }
        try d.barWrite(0, 0x3c, width: 2, 0x04)
        try d.barWrite(0, 0x10, width: 4, UInt64(f.count))
        XCTAssertEqual(sent.wait(timeout: .now() + 2), .success)
        XCTAssertEqual(frames.value, [f])
        XCTAssertEqual(try d.barRead(0, 0x10, width: 4) & 0xe000, 0xa000, "OWN and TOK")
        XCTAssertEqual(try d.barRead(0, 0x3e, width: 2), 0x04)
        try d.barWrite(0, 0x3e, width: 2, 0x04)
        XCTAssertEqual(try d.barRead(0, 0x3e, width: 2), 0, "written ones clear ISR")
        XCTAssertEqual(model.errors, [])
    }

    func testRingOverflowDropsAndRaisesRXOVW() throws {
        let (d, model, _) = try started()
        defer { d.close() }
        var accepted = 0
        while model.receive(frame(to: mac, 1400)) { accepted += 1 }
        XCTAssertEqual(accepted, 23, "1424-byte records in 32 KiB, less the 8 bytes QEMU keeps free")
        XCTAssertEqual(try d.barRead(0, 0x3e, width: 2) & 0x10, 0x10)
        XCTAssertEqual(try d.barRead(0, 0x4c, width: 4), 1, "missed packet counter")
    }
}
