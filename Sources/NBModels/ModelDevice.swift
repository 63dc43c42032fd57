import Foundation
import NBPCI
import NBHost

/// A PCI device simulated in this process: the register behaviour of `DeviceModel`, served behind
/// the same HostDevice protocol as real hardware, so drivers and the personality run under
/// `swift test` without a VM.
public protocol DeviceModel: AnyObject {
    /// The config space at reset (64 bytes or more); BAR registers hold their type bits.
    var initialConfig: [UInt8] { get }
    /// Size of each implemented memory BAR (a power of two).
    var barSizes: [Int: Int] { get }
    /// Called once, before any register access: how the model raises interrupts and reaches memory.
    func attach(_ bus: ModelBus)
    /// Register access of 1, 2, 4 or 8 bytes; the model decides what widths it accepts.
    func read(bar: Int, offset: Int, width: Int) -> UInt64
    func write(bar: Int, offset: Int, width: Int, value: UInt64)
}

/// What a model sees of the machine: its INTx line and DMA into memory the driver allocated.
public protocol ModelBus: AnyObject {
    /// Level-triggered INTx: the handler runs while the line is asserted and not disabled.
    func setInterrupt(_ asserted: Bool)
    /// Memory at bus address `bus` for `length` bytes, or an error when the driver gave the device
    /// an address it did not allocate.
    func dmaMemory(_ bus: UInt64, _ length: Int) throws -> UnsafeMutableRawPointer
}

public final class ModelDevice: HostDevice, ModelBus, @unchecked Sendable {
    public let address: PCIAddress
    public let backendName: String
    public let model: DeviceModel
    /// Where DMA memory gets its (fake) bus addresses: allocations take the highest free range
    /// below the request's maximum address, so a 64-bit tag gets memory a 32-bit device cannot reach.
    public let dmaWindow: Range<UInt64>
    private let sharedSpace: DMASpace?
    public var dmaSpace: DMASpace { sharedSpace ?? .device(ObjectIdentifier(self)) }

    private let lock = NSCondition()
    private var config: [UInt8]
    private var busMaster = false
    private var level = false
    private var handler: (@Sendable () -> Void)?
    private var thread: Thread?
    private var stopping = false
    private var threadDone = false
    private var dma: [DMABuffer] = []
    /// Interrupts delivered since creation (each handler run), for tests.
    public private(set) var interruptsDelivered = 0

    /// `dmaSpace` puts the model with others on one bus without an IOMMU (as uio devices are);
    /// nil: its DMA addresses are its own.
    public init(_ model: DeviceModel, address: PCIAddress, name: String = "model",
                dmaWindow: Range<UInt64> = 0x0010_0000..<0x1_0000_0000, dmaSpace: DMASpace? = nil) {
        self.model = model
        self.sharedSpace = dmaSpace
        self.address = address
        self.backendName = name
        self.dmaWindow = dmaWindow
        var c = model.initialConfig
        if c.count < 4096 { c += [UInt8](repeating: 0, count: 4096 - c.count) }
        config = c
        model.attach(self)
    }

    /// Whether BAR `index` is one the model serves (all its memory BARs are).
    func servesBAR(_ index: Int) -> Bool { model.barSizes[index] != nil }

    // MARK: config space: BARs size like hardware (all-ones reads back the size mask)

    public func configRead<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, as: T.Type) throws -> T {
        let n = MemoryLayout<T>.size
        guard [1, 2, 4].contains(n), offset >= 0, offset + n <= 4096 else {
            throw HostError("config access of \(n) bytes at \(offset) on \(address): sizes are 1, 2 or 4 within 0..<4096")
        }
        lock.lock()
        defer { lock.unlock() }
        var v: UInt64 = 0
        for i in 0..<n { v |= UInt64(byte(offset + i)) << (8 * i) }
        return T(truncatingIfNeeded: v)
    }

    public func configWrite<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, _ value: T) throws {
        let n = MemoryLayout<T>.size
        guard [1, 2, 4].contains(n), offset >= 0, offset + n <= 4096 else {
            throw HostError("config access of \(n) bytes at \(offset) on \(address): sizes are 1, 2 or 4 within 0..<4096")
        }
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<n { writeByte(offset + i, UInt8(truncatingIfNeeded: UInt64(value) >> (8 * i))) }
        lock.broadcast()   // COMMAND's interrupt-disable bit may have changed
    }

    /// Status bit 3 (interrupt status) follows the line.
    private func byte(_ at: Int) -> UInt8 {
        if at == 0x06 { return (config[at] & ~0x08) | (level ? 0x08 : 0) }
        return config[at]
    }

    private func writeByte(_ at: Int, _ v: UInt8) {
        switch at {
        case 0x04: config[at] = v & 0x47                 // I/O, memory, master, parity, SERR
        case 0x05: config[at] = v & 0x05                 // SERR, interrupt disable
        case 0x0c, 0x0d, 0x3c: config[at] = v            // cache line, latency, interrupt line
        case 0x10..<0x28:
            let bar = (at - 0x10) / 4, shift = 8 * ((at - 0x10) % 4)
            guard let size = model.barSizes[bar] else { return }
            let mask = ~UInt32(size - 1)
            let typeBits = UInt32(config[0x10 + bar * 4] & 0x0f)
            var reg = UInt32(config[0x10 + bar * 4]) | UInt32(config[0x11 + bar * 4]) << 8
                | UInt32(config[0x12 + bar * 4]) << 16 | UInt32(config[0x13 + bar * 4]) << 24
            reg = (reg & ~(0xff << shift)) | UInt32(v) << shift
            reg = (reg & mask & ~0x0f) | typeBits
            for i in 0..<4 { config[0x10 + bar * 4 + i] = UInt8(truncatingIfNeeded: reg >> (8 * i)) }
        default: break                                   // read-only
        }
    }

    public func setBusMaster(_ on: Bool) throws {
        lock.lock()
        defer { lock.unlock() }
        config[0x04] = on ? config[0x04] | 0x04 : config[0x04] & ~0x04
    }

    // MARK: BARs: served by the model, never mapped

    public func mapBAR(_ index: Int) throws -> MappedBAR {
        if servesBAR(index) { throw BARServedByHost("BAR \(index) of the \(backendName) device \(address) is simulated: accessed through the host") }
        throw HostError("BAR \(index) of the \(backendName) device \(address) is simulated and cannot be mapped: use barRead/barWrite")
    }

    public func unmapBAR(_ index: Int) {}

    public func barRead(_ index: Int, _ offset: Int, width: Int) throws -> UInt64 {
        try checkBAR(index, offset, width)
        return model.read(bar: index, offset: offset, width: width)
    }

    public func barWrite(_ index: Int, _ offset: Int, width: Int, _ value: UInt64) throws {
        try checkBAR(index, offset, width)
        model.write(bar: index, offset: offset, width: width, value: value)
    }

    private func checkBAR(_ index: Int, _ offset: Int, _ width: Int) throws {
        guard let size = model.barSizes[index] else {
            throw HostError("the \(backendName) device \(address) has no BAR \(index)")
        }
        guard [1, 2, 4, 8].contains(width), offset >= 0, offset + width <= size else {
            throw HostError("access of \(width) bytes at 0x\(String(offset, radix: 16)) is outside BAR \(index) of \(address) (\(size) bytes)")
        }
    }

    // MARK: interrupts: INTx, level-triggered

    public func interruptCounts() throws -> (intx: Int, msi: Int, msix: Int) {
        (config[0x3d] != 0 ? 1 : 0, 0, 0)
    }

    public func setInterrupt(_ asserted: Bool) {
        lock.lock()
        level = asserted
        lock.broadcast()
        lock.unlock()
    }

    public func enableInterrupts(vector: InterruptVector, _ handler: @escaping @Sendable () -> Void) throws {
        try requireINTx(vector)
        lock.lock()
        defer { lock.unlock() }
        guard self.handler == nil else { throw HostError("interrupts of \(address) are already enabled") }
        guard config[0x3d] != 0 else { throw HostError("the \(backendName) device \(address) has no INTx pin") }
        self.handler = handler
        stopping = false
        threadDone = false
        let t = Thread { [unowned self] in self.deliver() }
        t.name = "\(backendName) intr"
        thread = t
        t.start()
    }

    /// Runs the handler while the line is asserted and INTx is not disabled in COMMAND; the
    /// line is looked at again only after the handler returned (uio's mask-then-unmask).
    private func deliver() {
        lock.lock()
        while true {
            while !stopping && !(level && config[0x05] & 0x04 == 0) { lock.wait() }
            if stopping { break }
            let h = handler
            interruptsDelivered += 1
            lock.unlock()
            h?()
            lock.lock()
        }
        threadDone = true
        lock.broadcast()
        lock.unlock()
    }

    public func disableInterrupts(vector: InterruptVector) {
        guard vector == .intx else { return }
        lock.lock()
        defer { lock.unlock() }
        guard handler != nil else { return }
        stopping = true
        lock.broadcast()
        while !threadDone { lock.wait() }
        handler = nil
        thread = nil
    }

    // MARK: DMA: ordinary memory with bus addresses from `dmaWindow`

    public func allocateDMA(size: Int, constraints: DMAConstraints) throws -> DMABuffer {
        try constraints.validate(size: size)
        let page = UInt64(DMAMemory.pageSize)
        let length = (UInt64(size) + page - 1) / page * page
        let align = max(UInt64(constraints.alignment), page)
        lock.lock()
        defer { lock.unlock() }
        let used = dma.map { ($0.busAddress, $0.busAddress + (UInt64($0.size) + page - 1) / page * page) }
            .sorted { $0.0 > $1.0 }
        let top = min(dmaWindow.upperBound, constraints.maxAddress == .max ? .max : constraints.maxAddress + 1)
        var found: UInt64?
        // Highest first: just below the top, then just below each used range.
        for limit in [top] + used.map({ $0.0 }) where limit <= top && limit >= length {
            var start = (limit - length) / align * align
            if constraints.boundary != 0, start / constraints.boundary != (start + length - 1) / constraints.boundary {
                let crossing = (start + length - 1) / constraints.boundary * constraints.boundary
                guard crossing >= length else { continue }
                start = (crossing - length) / align * align
            }
            guard start >= dmaWindow.lowerBound,
                  !used.contains(where: { $0.0 < start + length && start < $0.1 }),
                  constraints.violation(busAddress: start, size: size) == nil else { continue }
            found = start
            break
        }
        guard let candidate = found else {
            throw HostError("the \(backendName) device's DMA window \(hex(dmaWindow.lowerBound))-\(hex(dmaWindow.upperBound - 1)) has no \(size) bytes below \(hex(constraints.maxAddress)) left")
        }
        var p: UnsafeMutableRawPointer?
        guard posix_memalign(&p, Int(page), Int(length)) == 0, let p else {
            throw HostError("out of memory for \(size) bytes of model DMA memory")
        }
        memset(p, 0, Int(length))
        let b = DMABuffer(virtualAddress: p, busAddress: candidate, size: size)
        dma.append(b)
        return b
    }

    public func freeDMA(_ buffer: DMABuffer) {
        lock.lock()
        let i = dma.firstIndex { $0.virtualAddress == buffer.virtualAddress }
        let b = i.map { dma.remove(at: $0) }
        lock.unlock()
        if let b { free(b.virtualAddress) }
    }

    public func dmaMemory(_ bus: UInt64, _ length: Int) throws -> UnsafeMutableRawPointer {
        lock.lock()
        defer { lock.unlock() }
        for b in dma where bus >= b.busAddress && bus + UInt64(length) <= b.busAddress + UInt64(b.size) {
            return b.virtualAddress + Int(bus - b.busAddress)
        }
        throw HostError("\(backendName) device \(address): DMA to \(hex(bus))-\(hex(bus + UInt64(length) - 1)) is not in memory allocated for it")
    }

    public func close() {
        disableInterrupts(vector: .intx)
        lock.lock()
        let all = dma
        dma.removeAll()
        lock.unlock()
        for b in all { free(b.virtualAddress) }
    }
}
