import CNetBSDShim
import Foundation
import NBHost
import NBPCI
import XCTest

/// The vfio backend against QEMU's edu device bound to vfio-pci, behind an Intel IOMMU. Runs inside
/// `nbshim sandbox --iommu --device edu` (Tests/sandbox/vfio-checks.sh); skips anywhere else.
/// Besides what EduUIOTests checks on uio: MSI, and containment: DMA a buggy driver aims at
/// addresses it did not map is stopped by the IOMMU, and memory next to its buffers stays intact.
final class EduVFIOTests: XCTestCase {
    typealias Reg = EduUIOTests.Reg
    static let deviceBuffer = EduUIOTests.deviceBuffer
    static let eduTag = EduUIOTests.eduTag   // 28 bits: edu's DMA mask

    var device: VFIODevice!
    var bar: MappedBAR!

    override func setUpWithError() throws {
        device = try VFIODevice(address: try Self.eduAddress())
        bar = try device.mapBAR(0)
        XCTAssertEqual(bar.size, 1 << 20, "edu's BAR0 is 1 MiB")
    }

    override func tearDown() {
        device?.close()
    }

    static func eduAddress() throws -> PCIAddress {
        if let spec = ProcessInfo.processInfo.environment["NBSHIM_EDU_VFIO_BDF"] {
            guard let a = PCIAddress(spec) else { throw PCIError("NBSHIM_EDU_VFIO_BDF=\(spec) is not a PCI address") }
            return a
        }
        guard let found = try? PCIDevice.find("1234:11e8"),
              let edu = found.first(where: { $0.driver == "vfio-pci" }) else {
            throw XCTSkip("no edu device bound to vfio-pci: run inside 'nbshim sandbox --iommu --device edu'")
        }
        return edu.address
    }

    func read(_ reg: Int) -> UInt32 { nbshim_mmio_read4(bar.base + reg) }
    func write(_ reg: Int, _ v: UInt32) { nbshim_mmio_write4(bar.base + reg, v) }
    func write64(_ reg: Int, _ v: UInt64) { nbshim_mmio_write8(bar.base + reg, v) }

    func testConfigRegionCountsAndBackendName() throws {
        XCTAssertEqual(try device.configRead(0, as: UInt32.self), 0x11e8_1234, "vendor and device through the config region")
        XCTAssertEqual(device.backendName, "vfio\(device.group)")
        let c = try device.interruptCounts()
        XCTAssertEqual(c.intx, 1, "edu has an INTx pin")
        XCTAssertEqual(c.msi, 1, "edu has one MSI vector")
        XCTAssertEqual(c.msix, 0, "edu has no MSI-X")
        XCTAssertEqual(read(Reg.id), 0x0100_00ed)
        XCTAssertThrowsError(try device.enableInterrupts(vector: .msix(0)) {}) { error in
            XCTAssertTrue("\(error)".contains("cannot deliver MSI-X vector 0"), "\(error)")
        }
        print("edu through vfio: IOMMU group \(device.group), reset \(device.resetSupported ? "supported" : "not offered by vfio")")
    }

    /// VFIO_DEVICE_RESET (VFIODevice does one at open and close when vfio offers it); Linux
    /// restores config space around it, so registers, MSI and DMA work after it.
    func testResetKeepsTheDeviceUsable() throws {
        guard device.resetSupported else { throw XCTSkip("vfio offers no reset for \(device.address) (on a root bus: no FLR, PM or bus reset)") }
        try device.reset()
        XCTAssertEqual(read(Reg.id), 0x0100_00ed)
        try raiseAndAck(10, on: .msi(0))
        let out = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
        let back = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
        defer { device.freeDMA(out); device.freeDMA(back) }
        try roundTrip(out, at: 0, to: back, at: 0, count: 4096, "after reset")
    }

    /// 10k interrupts on the MSI vector, each raised, handled and acknowledged once: none lost.
    func testTenThousandMSIInterrupts() throws {
        try raiseAndAck(10_000, on: .msi(0))
    }

    /// INTx through vfio: the host kernel masks it per interrupt and we unmask after each.
    func testINTxThroughVFIOUnmasksAfterEachInterrupt() throws {
        try raiseAndAck(1000, on: .intx)
    }

    func testOneInterruptKindAtATime() throws {
        try device.enableInterrupts(vector: .msi(0)) {}
        defer { device.disableInterrupts(vector: .msi(0)) }
        XCTAssertThrowsError(try device.enableInterrupts(vector: .intx) {}) { error in
            XCTAssertTrue("\(error)".contains("one of INTx, MSI and MSI-X at a time"), "\(error)")
        }
    }

    func raiseAndAck(_ rounds: Int, on vector: InterruptVector) throws {
        let bar = self.bar!
        let seen = DispatchSemaphore(value: 0)
        let statuses = StatusLog()
        try device.enableInterrupts(vector: vector) {
            let status = nbshim_mmio_read4(bar.base + Reg.irqStatus)
            nbshim_mmio_write4(bar.base + Reg.irqAck, status)
            statuses.append(status)
            seen.signal()
        }
        let start = Date()
        for i in 0..<rounds {
            let value = UInt32(0x1000 | (i & 0xff))
            write(Reg.irqRaise, value)
            guard seen.wait(timeout: .now() + 10) == .success else {
                device.disableInterrupts(vector: vector)
                return XCTFail("\(vector): interrupt \(i + 1) of \(rounds) never reached the handler (\(statuses.count) seen)")
            }
            XCTAssertEqual(statuses.last, value, "the handler saw what was raised")
        }
        let elapsed = Date().timeIntervalSince(start)
        device.disableInterrupts(vector: vector)
        XCTAssertEqual(statuses.count, rounds, "one handler call per interrupt, none spurious")
        XCTAssertEqual(read(Reg.irqStatus), 0, "every interrupt was acknowledged")
        print("edu: \(rounds) \(vector) raise/ack cycles through vfio in \(String(format: "%.2f", elapsed)) s "
            + "(\(String(format: "%.0f", elapsed / Double(rounds) * 1e6)) us each)")
    }

    func testDMARoundTripOnPagesAndHugePages() throws {
        for backing in [DMABacking.pages, .hugePages] {
            device.dmaBacking = backing
            let out = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
            let back = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
            defer { device.freeDMA(out); device.freeDMA(back) }
            try roundTrip(out, at: 0, to: back, at: 0, count: 4096, "\(backing)")
        }
    }

    /// 12 KiB of 4 KiB pages (not physically contiguous) are one IOVA range: a transfer across a
    /// page line reads both pages.
    func testMultiPageBufferIsContiguousForTheDevice() throws {
        device.dmaBacking = .pages
        let big = try device.allocateDMA(size: 3 * 4096, constraints: Self.eduTag)
        let back = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
        defer { device.freeDMA(big); device.freeDMA(back) }
        XCTAssertLessThanOrEqual(big.busAddress + UInt64(big.size) - 1, 0x0fff_ffff, "within the 28-bit tag")
        try roundTrip(big, at: 4096 + 2048, to: back, at: 0, count: 2048, "across a page line")
    }

    /// Containment, with 4 KiB and 2 MiB backing under edu's 28-bit tag: the "driver" aims a DMA
    /// write and a DMA read just past its canary buffer (an overrun into unmapped IOVA space).
    func testDMAOutsideMappedMemoryIsBlockedOnPages() throws { try containment(.pages) }
    func testDMAOutsideMappedMemoryIsBlockedOnHugePages() throws { try containment(.hugePages) }

    func containment(_ backing: DMABacking) throws {
        device.dmaBacking = backing
        let source = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
        let back = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
        let canary = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
        defer { device.freeDMA(source); device.freeDMA(back); device.freeDMA(canary) }
        // The canary's whole memory mapping: with hugepages, 2 MiB the device must not reach past 4 KiB.
        let canaryLength = backing == .hugePages ? 2 << 20 : 4096
        memset(canary.virtualAddress, 0x5a, canaryLength)
        let outside = canary.busAddress + 4096
        XCTAssertLessThanOrEqual(outside + 4095, 0x0fff_ffff, "the stray address is one edu can drive")
        let faultsBefore = Self.dmarFaults()

        // Stray write: 2 KiB of the device buffer to the IOVA right after the canary.
        let pattern = (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        source.virtualAddress.copyMemory(from: pattern, byteCount: 2048)
        try dma(from: source.busAddress, to: Self.deviceBuffer, count: 2048, toDevice: true)
        try dma(from: Self.deviceBuffer, to: outside, count: 2048, toDevice: false)
        // Stray read: from the same IOVA into the device, then back into mapped memory.
        memset(back.virtualAddress, 0xee, 4096)
        try dma(from: outside, to: Self.deviceBuffer, count: 2048, toDevice: true)
        try dma(from: Self.deviceBuffer, to: back.busAddress, count: 2048, toDevice: false)

        let canaryBytes = UnsafeRawBufferPointer(start: canary.virtualAddress, count: canaryLength)
        let changed = canaryBytes.firstIndex { $0 != 0x5a }
        XCTAssertNil(changed, "\(backing): the canary changed at offset \(changed ?? -1)")
        let arrived = [UInt8](UnsafeRawBufferPointer(start: back.virtualAddress, count: 2048))
        XCTAssertNotEqual(arrived, pattern, "\(backing): the stray read returned what the stray write sent: it reached memory")
        XCTAssertFalse(arrived.allSatisfy { $0 == 0x5a }, "\(backing): the stray read returned canary memory")
        print("edu \(backing): stray DMA at \(String(outside, radix: 16)) blocked; the device read back \(arrived.prefix(8).map { String($0, radix: 16) })")
        let faults = Self.dmarFaults()
        if let faults, let faultsBefore {
            XCTAssertGreaterThan(faults, faultsBefore, "\(backing): the guest kernel logged no DMAR fault for the stray DMA")
        }
        // The device and this process carry on: a correct transfer still works.
        try roundTrip(source, at: 0, to: back, at: 0, count: 2048, "\(backing) after the fault")
    }

    /// DMAR fault lines the kernel has logged so far, nil when dmesg cannot be read.
    static func dmarFaults() -> Int? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/dmesg")
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return text.split(separator: "\n").filter { $0.contains("DMAR") && $0.contains("fault") }.count
    }

    /// Two IOMMU groups, one container: memory allocated for one edu is reachable by the other at
    /// the same IOVA, and nbh_dma_bus_address answers for it on the other's handle (the mbuf arena
    /// of the first NIC serves every NIC).
    func testGroupsShareOneIOMMUAddressSpace() throws {
        guard let spec = ProcessInfo.processInfo.environment["NBSHIM_EDU_VFIO_BDF2"], let other = PCIAddress(spec) else {
            throw XCTSkip("NBSHIM_EDU_VFIO_BDF2 names no second edu on vfio-pci (vfio-checks.sh sets it)")
        }
        let second = try VFIODevice(address: other)
        defer { second.close() }
        XCTAssertNotEqual(second.group, device.group, "the two edus are in different IOMMU groups")
        XCTAssertEqual(second.dmaSpace, device.dmaSpace)
        let out = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
        let back = try device.allocateDMA(size: 4096, constraints: Self.eduTag)
        defer { device.freeDMA(out); device.freeDMA(back) }
        let first = (device!, bar!)
        (device, bar) = (second, try second.mapBAR(0))
        defer { (device, bar) = first }
        try roundTrip(out, at: 0, to: back, at: 0, count: 4096, "the second edu on the first one's memory")

        let ha = HostDeviceHandle.retain(first.0), hb = HostDeviceHandle.retain(second)
        defer { HostDeviceHandle.release(ha); HostDeviceHandle.release(hb) }
        var limits = nbh_dma_limits(alignment: 4096, boundary: 0, max_address: 0x0fff_ffff)
        var va: UnsafeMutableRawPointer?
        var bus: UInt64 = 0, seen: UInt64 = 0
        XCTAssertEqual(nbh_dma_alloc(ha, 4096, &limits, &va, &bus), 0)
        var run = 0
        XCTAssertEqual(nbh_dma_bus_address(hb, va! + 100, 8192, &seen, &run), 0)
        XCTAssertEqual(seen, bus + 100)
        XCTAssertEqual(run, 4096 - 100, "contiguous to the allocation's end")
        nbh_dma_free(ha, va!, 4096)
        XCTAssertNotEqual(nbh_dma_bus_address(hb, va!, 1, &seen, &run), 0, "freed memory is nobody's")
    }

    func roundTrip(_ out: DMABuffer, at outOffset: Int, to back: DMABuffer, at backOffset: Int, count: Int, _ what: String) throws {
        let pattern = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8 &+ 7) }
        (out.virtualAddress + outOffset).copyMemory(from: pattern, byteCount: count)
        memset(back.virtualAddress + backOffset, 0, count)
        // In halves: QEMU 7.2's edu aborts on a transfer that ends at the last byte of its buffer.
        let half = min(count, 2048)
        for offset in stride(from: 0, to: count, by: half) {
            try dma(from: out.busAddress + UInt64(outOffset + offset), to: Self.deviceBuffer, count: half, toDevice: true)
            try dma(from: Self.deviceBuffer, to: back.busAddress + UInt64(backOffset + offset), count: half, toDevice: false)
        }
        let result = [UInt8](UnsafeRawBufferPointer(start: back.virtualAddress + backOffset, count: count))
        let diff = result.indices.first { result[$0] != pattern[$0] }
        XCTAssertNil(diff, "\(what): bytes differ first at offset \(diff ?? -1)")
    }

    func dma(from source: UInt64, to destination: UInt64, count: Int, toDevice: Bool) throws {
        nbshim_mmio_barrier()
        write64(Reg.dmaSource, source)
        write64(Reg.dmaDestination, destination)
        write64(Reg.dmaCount, UInt64(count))
        write64(Reg.dmaCommand, toDevice ? 0x1 : 0x3)
        let deadline = Date().addingTimeInterval(20)
        while read(Reg.dmaCommand) & 0x1 != 0 {
            guard Date() < deadline else { throw PCIError("edu: DMA did not finish in 20 s") }
            usleep(100)
        }
        nbshim_mmio_barrier()
    }

    /// vfio_iommu_type1 reads dma_entry_limit when a container opens: with 4, the fifth buffer is refused in one line that names the limit.
    func testDMAEntryLimitIsNamed() throws {
        let param = "/sys/module/vfio_iommu_type1/parameters/dma_entry_limit"
        guard let saved = SysFile.text(param) else { throw XCTSkip("\(param) is not readable") }
        let a = device.address
        device.close()
        try SysFile.write("4", to: param)
        defer { try? SysFile.write(saved, to: param) }
        device = try VFIODevice(address: a)
        var buffers: [DMABuffer] = []
        defer { buffers.forEach { device.freeDMA($0) } }
        for _ in 0..<4 { buffers.append(try device.allocateDMA(size: 4096, constraints: Self.eduTag)) }
        XCTAssertThrowsError(try device.allocateDMA(size: 4096, constraints: Self.eduTag)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("dma_entry_limit") && text.contains("holds 4 DMA mappings"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }

    /// Run by vfio-checks.sh without CAP_IPC_LOCK and with `ulimit -l 64`: vfio's pinning is
    /// charged to RLIMIT_MEMLOCK and the refusal names it.
    func testMemlockLimitIsNamed() throws {
        guard ProcessInfo.processInfo.environment["NBSHIM_EXPECT_MEMLOCK_LIMIT"] != nil else {
            throw XCTSkip("runs only under a small RLIMIT_MEMLOCK without CAP_IPC_LOCK (vfio-checks.sh)")
        }
        XCTAssertThrowsError(try device.allocateDMA(size: 1 << 20, constraints: Self.eduTag)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("RLIMIT_MEMLOCK (64 KiB)") && text.contains("ulimit -l"), text)
        }
    }
}
