import Foundation
import NBHost
import NBModels
import NBPCI
import XCTest

/// The edu device model behaves like QEMU's edu where a driver can tell.
final class EduModelTests: XCTestCase {
    private func reg(_ d: ModelDevice, _ off: Int) throws -> UInt32 { UInt32(try d.barRead(0, off, width: 4)) }
    private func set(_ d: ModelDevice, _ off: Int, _ v: UInt64, width: Int = 4) throws { try d.barWrite(0, off, width: width, v) }

    func testIdentityLivenessAndBARSizing() throws {
        let d = EduModel.device()
        defer { d.close() }
        XCTAssertEqual(try d.configRead(0, as: UInt32.self), 0x11e8_1234)
        XCTAssertEqual(try reg(d, 0x00), 0x0100_00ed)
        try set(d, 0x04, 0xdead_beef)
        XCTAssertEqual(try reg(d, 0x04), ~0xdead_beef)
        try d.configWrite(0x10, UInt32.max)
        XCTAssertEqual(try d.configRead(0x10, as: UInt32.self), 0xfff0_0000, "1 MiB memory BAR")
        try d.configWrite(0x10, UInt32(0xfea0_0000))
        XCTAssertEqual(try d.configRead(0x10, as: UInt32.self), 0xfea0_0000)
        XCTAssertThrowsError(try d.mapBAR(0))
        XCTAssertThrowsError(try d.barRead(0, 1 << 20, width: 4), "outside the BAR")
        XCTAssertEqual(try d.barRead(0, 0, width: 2), 0xffff_ffff_ffff_ffff, "edu ignores narrow accesses")
    }

    func testFactorialRaisesInterruptWhenAsked() throws {
        let d = EduModel.device()
        defer { d.close() }
        let done = DispatchSemaphore(value: 0)
        let seen = Locked<UInt32>(0)
        try d.enableInterrupts(vector: .intx) { [unowned d] in
            let st = UInt32(try! d.barRead(0, 0x24, width: 4))
            seen.update { $0 |= st }
            try! d.barWrite(0, 0x64, width: 4, UInt64(st))
            done.signal()
        }
        try set(d, 0x20, 0x80)
        try set(d, 0x08, 10)
        XCTAssertEqual(done.wait(timeout: .now() + 2), .success)
        XCTAssertEqual(seen.value, 0x1)
        XCTAssertEqual(try reg(d, 0x08), 3_628_800)
        XCTAssertEqual(try reg(d, 0x20) & 1, 0)
    }

    /// INTx is level-triggered: the handler runs again for as long as the device holds the line.
    func testInterruptIsLevelTriggered() throws {
        let d = EduModel.device()
        defer { d.close() }
        let calls = Locked(0)
        let done = DispatchSemaphore(value: 0)
        try d.enableInterrupts(vector: .intx) { [unowned d] in
            let n = calls.update { $0 += 1; return $0 }
            if n == 3 { try! d.barWrite(0, 0x64, width: 4, 0x40); done.signal() }
        }
        try set(d, 0x60, 0x40)
        XCTAssertEqual(done.wait(timeout: .now() + 2), .success)
        d.disableInterrupts(vector: .intx)
        XCTAssertEqual(calls.value, 3)
        XCTAssertEqual(try reg(d, 0x24), 0)
    }

    func testDMARoundTripThroughDeviceBuffer() throws {
        let d = EduModel.device()
        defer { d.close() }
        let limits = DMAConstraints(maxAddress: EduModel.dmaMask)
        let src = try d.allocateDMA(size: 4096, constraints: limits)
        let dst = try d.allocateDMA(size: 4096, constraints: limits)
        XCTAssertLessThanOrEqual(src.busAddress + 4095, EduModel.dmaMask)
        for i in 0..<4096 { src.virtualAddress.storeBytes(of: UInt8(truncatingIfNeeded: i * 7), toByteOffset: i, as: UInt8.self) }
        try transfer(d, ram: src.busAddress, toDevice: true)
        try transfer(d, ram: dst.busAddress, toDevice: false)
        XCTAssertEqual(memcmp(src.virtualAddress, dst.virtualAddress, 4096), 0)
        XCTAssertEqual((d.model as! EduModel).errors, [])
    }

    /// QEMU silently truncates an address beyond the 28-bit mask; the model refuses and says so.
    func testDMABeyondMaskIsRefusedLoudly() throws {
        let d = EduModel.device()
        defer { d.close() }
        let high = try d.allocateDMA(size: 4096, constraints: DMAConstraints())
        XCTAssertGreaterThan(high.busAddress, EduModel.dmaMask)
        try transfer(d, ram: high.busAddress, toDevice: true)
        let errors = (d.model as! EduModel).errors
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.contains("28-bit") ?? false, "\(errors)")
    }

    /// Programs one 4 KiB transfer with a completion interrupt and waits for it.
    private func transfer(_ d: ModelDevice, ram: UInt64, toDevice: Bool) throws {
        let done = DispatchSemaphore(value: 0)
        try d.enableInterrupts(vector: .intx) { [unowned d] in
            let st = try! d.barRead(0, 0x24, width: 4)
            try! d.barWrite(0, 0x64, width: 4, st)
            if st & UInt64(EduModel.dmaIRQ) != 0 { done.signal() }
        }
        defer { d.disableInterrupts(vector: .intx) }
        try set(d, toDevice ? 0x80 : 0x88, ram, width: 8)
        try set(d, toDevice ? 0x88 : 0x80, EduModel.dmaBufferStart, width: 8)
        try set(d, 0x90, 4096, width: 8)
        try set(d, 0x98, toDevice ? 0x5 : 0x7, width: 8)
        XCTAssertEqual(done.wait(timeout: .now() + 2), .success)
        XCTAssertEqual(try d.barRead(0, 0x98, width: 8) & 1, 0)
    }
}

/// A value shared with an interrupt thread.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var v: T
    init(_ v: T) { self.v = v }
    var value: T { lock.lock(); defer { lock.unlock() }; return v }
    @discardableResult
    func update<R>(_ f: (inout T) -> R) -> R { lock.lock(); defer { lock.unlock() }; return f(&v) }
}
