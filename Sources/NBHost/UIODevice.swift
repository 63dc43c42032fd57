import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// A PCI function bound to uio_pci_generic. Config space and BARs go through the device's sysfs
/// files (no iopl, no /dev/mem); INTx through /dev/uioN, which the kernel's handler masks with the
/// COMMAND register's interrupt-disable bit and we unmask after each interrupt is handled.
public final class UIODevice: HostDevice, @unchecked Sendable {
    public let address: PCIAddress
    public let backendName: String
    /// Bus addresses are physical addresses: any device's DMA memory is every device's.
    public var dmaSpace: DMASpace { .physical }
    private let dir: String
    private let configFD: Int32
    private let uioFD: Int32
    private let dma: DMAMemory
    private let lock = NSLock()
    private let command: CommandRegister
    private var bars: [Int: (mapping: UnsafeMutableRawPointer, length: Int, bar: MappedBAR)] = [:]
    /// Open I/O BARs: their resource file and size, read from sysfs once (not per register access).
    private var ioBARs: [Int: (fd: Int32, size: Int)] = [:]
    private var interrupts: InterruptThread?
    private var closed = false

    /// Opens the device at `address`, which must be bound to uio_pci_generic, and enables bus mastering
    /// (the uio device's last close cleared it).
    public init(address: PCIAddress, paths: HostPaths = .live) throws {
        self.address = address
        dir = paths.device(address)
        guard SysFile.exists(dir) else {
            throw HostError("no PCI device \(address) on this machine: `nbshim list` shows the devices there are")
        }
        let driver = SysFile.linkName(dir + "/driver")
        guard driver == "uio_pci_generic" else {
            throw HostError("\(address) is bound to \(driver ?? "no driver"), not uio_pci_generic: run 'nbshim bind \(address)'")
        }
        let uios = ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/uio")) ?? [])
            .filter { $0.hasPrefix("uio") }
        guard uios.count == 1, let uio = uios.first else {
            throw HostError("\(dir)/uio has \(uios.count) uio devices, expected one: rebind with 'nbshim unbind \(address)' and 'nbshim bind \(address)'")
        }
        backendName = uio
        configFD = try Self.open(dir + "/config", O_RDWR)
        command = CommandRegister(configFD: configFD, address: address)
        do { uioFD = try Self.open(paths.dev + "/" + uio, O_RDWR) } catch { Foundation.close(configFD); throw error }
        dma = DMAMemory(paths: paths)
        do { try setBusMaster(true) } catch { Foundation.close(configFD); Foundation.close(uioFD); throw error }
    }

    deinit { close() }

    // MARK: config space

    public func configRead<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, as: T.Type) throws -> T {
        try checkConfig(offset, T.self)
        var raw: T = 0
        let n = pread(configFD, &raw, MemoryLayout<T>.size, off_t(offset))
        guard n == MemoryLayout<T>.size else { throw configError("read", offset, T.self, n) }
        return T(littleEndian: raw)
    }

    public func configWrite<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, _ value: T) throws {
        try checkConfig(offset, T.self)
        var raw = value.littleEndian
        let n = pwrite(configFD, &raw, MemoryLayout<T>.size, off_t(offset))
        guard n == MemoryLayout<T>.size else { throw configError("write", offset, T.self, n) }
    }

    private func checkConfig<T>(_ offset: Int, _: T.Type) throws {
        let size = MemoryLayout<T>.size
        guard [1, 2, 4].contains(size), offset >= 0, offset + size <= 4096 else {
            throw HostError("config access of \(size) bytes at \(offset) on \(address): sizes are 1, 2 or 4 within 0..<4096")
        }
    }

    private func configError<T>(_ op: String, _ offset: Int, _: T.Type, _ n: Int) -> HostError {
        let what = "config \(op) of \(MemoryLayout<T>.size) bytes at 0x\(String(offset, radix: 16)) on \(address) failed"
        return n < 0 ? HostError(what, errno: .last) : HostError(what + ": config space of this function ends before it")
    }

    public func setBusMaster(_ on: Bool) throws {
        try on ? command.update(set: .busMaster) : command.update(clear: .busMaster)
    }

    // MARK: BARs

    /// (kind, start, size) of BAR `index` from sysfs `resource`: kind 0x100 is I/O, 0x200 memory.
    private func resource(_ index: Int) throws -> (io: Bool, start: UInt64, size: Int) {
        guard (0...5).contains(index) else { throw HostError("BAR \(index) does not exist: BARs are 0...5") }
        let lines = (SysFile.text(dir + "/resource") ?? "").split(separator: "\n")
        let fields = index < lines.count ? lines[index].split(separator: " ") : []
        guard fields.count >= 3, let start = UInt64(fields[0].dropFirst(2), radix: 16),
              let end = UInt64(fields[1].dropFirst(2), radix: 16),
              let flags = UInt64(fields[2].dropFirst(2), radix: 16)
        else { throw HostError("\(dir)/resource is missing or malformed at BAR \(index)") }
        guard flags & 0x300 != 0, end > start else {
            throw HostError("BAR \(index) of \(address) is not implemented (`nbshim list -v -s \(address)` shows its BARs)")
        }
        return (flags & 0x100 != 0, start, Int(end - start + 1))
    }

    public func mapBAR(_ index: Int) throws -> MappedBAR {
        lock.lock()
        defer { lock.unlock() }
        if let m = bars[index] { return m.bar }
        let r = try resource(index)
        guard !r.io else { throw HostError("BAR \(index) of \(address) is an I/O BAR: use barRead/barWrite, not mapBAR") }
        // sysfs maps whole pages from the page holding the BAR's start.
        let page = UInt64(DMAMemory.pageSize)
        let inPage = Int(r.start % page)
        let length = (inPage + r.size + Int(page) - 1) / Int(page) * Int(page)
        let fd = try Self.open(dir + "/resource\(index)", O_RDWR | O_SYNC)
        defer { Foundation.close(fd) }
        let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let p, p != MAP_FAILED else {
            throw HostError("cannot map BAR \(index) of \(address) (\(r.size) bytes)", errno: .last)
        }
        let bar = MappedBAR(index: index, base: p + inPage, size: r.size)
        bars[index] = (p, length, bar)
        return bar
    }

    public func unmapBAR(_ index: Int) {
        lock.lock()
        defer { lock.unlock() }
        if let m = bars.removeValue(forKey: index) { munmap(m.mapping, m.length) }
    }

    /// Port I/O on I/O BAR `index` by pread/pwrite of its sysfs resource file (the kernel does the
    /// in/out instruction); memory BARs are mapped (mapBAR) instead.
    public func barRead(_ index: Int, _ offset: Int, width: Int) throws -> UInt64 {
        let fd = try ioFile(index, offset, width)
        var raw: UInt64 = 0
        guard pread(fd, &raw, width, off_t(offset)) == width else {
            throw HostError("I/O read of \(width) bytes at \(offset) of BAR \(index) on \(address) failed", errno: .last)
        }
        return UInt64(littleEndian: raw)
    }

    public func barWrite(_ index: Int, _ offset: Int, width: Int, _ value: UInt64) throws {
        let fd = try ioFile(index, offset, width)
        var raw = value.littleEndian
        guard pwrite(fd, &raw, width, off_t(offset)) == width else {
            throw HostError("I/O write of \(width) bytes at \(offset) of BAR \(index) on \(address) failed", errno: .last)
        }
    }

    /// The resource file itself, for the personality's own pread/pwrite: open until close().
    public func portIOFile(_ index: Int) throws -> PortIOFile? {
        let fd = try ioFile(index, 0, 1)
        lock.lock()
        defer { lock.unlock() }
        return PortIOFile(fd: fd, offset: 0, size: ioBARs[index]?.size ?? 0)
    }

    private func ioFile(_ index: Int, _ offset: Int, _ size: Int) throws -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        let bar: (fd: Int32, size: Int)
        if let open = ioBARs[index] {
            bar = open
        } else {
            let r = try resource(index)
            guard r.io else { throw HostError("BAR \(index) of \(address) is a memory BAR: use mapBAR, not barRead/barWrite") }
            bar = (try Self.open(dir + "/resource\(index)", O_RDWR), r.size)
            ioBARs[index] = bar
        }
        guard [1, 2, 4].contains(size), offset >= 0, offset + size <= bar.size else {
            throw HostError("I/O access of \(size) bytes at \(offset) is outside BAR \(index) of \(address) (\(bar.size) bytes)")
        }
        return bar.fd
    }

    // MARK: interrupts

    public func enableInterrupts(vector: InterruptVector, _ handler: @escaping @Sendable () -> Void) throws {
        try requireINTx(vector)
        lock.lock()
        defer { lock.unlock() }
        guard interrupts == nil else { throw HostError("interrupts of \(address) are already enabled") }
        // uio_pci_generic binds a pinless function without an IRQ; reads of /dev/uioN then fail.
        guard try configRead(0x3d, as: UInt8.self) != 0 else {
            throw HostError("\(address) has no INTx pin, so uio cannot deliver its interrupts: use MSI through vfio (nbshim bind --to vfio)")
        }
        interrupts = try InterruptThread(fd: uioFD, countSize: 4, name: backendName, handler: handler) { [command] in
            try command.update(clear: .interruptDisable)
        }
        do { try command.update(clear: .interruptDisable) } catch {
            interrupts?.stop()
            interrupts = nil
            throw error
        }
    }

    public func disableInterrupts(vector: InterruptVector) {
        guard vector == .intx else { return }
        lock.lock()
        let thread = interrupts
        interrupts = nil
        lock.unlock()
        guard let thread else { return }
        thread.stop()
        // Keep the line quiet while nobody listens.
        try? command.update(set: .interruptDisable)
    }

    // MARK: DMA

    public func allocateDMA(size: Int, constraints: DMAConstraints) throws -> DMABuffer {
        try dma.allocate(size: size, constraints: constraints)
    }

    public func freeDMA(_ buffer: DMABuffer) { dma.free(buffer) }

    public func close() {
        disableInterrupts(vector: .intx)
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        for m in bars.values { munmap(m.mapping, m.length) }
        bars.removeAll()
        for bar in ioBARs.values { Foundation.close(bar.fd) }
        ioBARs.removeAll()
        dma.freeAll()
        Foundation.close(uioFD)
        Foundation.close(configFD)
    }

    private static func open(_ path: String, _ flags: Int32) throws -> Int32 {
        let fd = Foundation.open(path, flags | O_CLOEXEC)
        guard fd >= 0 else {
            let e = Errno.last
            throw HostError("cannot open \(path)", errno: e, fix: e == .permissionDenied || e == .notPermitted ? "run as root" : nil)
        }
        return fd
    }
}

/// The COMMAND register, read-modify-written as one 16-bit word under a lock (shared by the device and
/// its interrupt thread, which must not retain the device). Whole-word writes are what Linux's own
/// pci_intx() does, and QEMU re-evaluates a pending INTx only on writes that cover byte 0x04: an unmask
/// written as the single byte 0x05 leaves an interrupt raised while masked undelivered. The kernel's
/// handler may set the interrupt-disable bit between our read and write; writing it back clear then
/// re-fires a still-asserted interrupt, so the cost is one spurious handler call, never a lost one.
private final class CommandRegister: @unchecked Sendable {
    private let configFD: Int32
    private let address: PCIAddress
    private let lock = NSLock()

    init(configFD: Int32, address: PCIAddress) {
        self.configFD = configFD
        self.address = address
    }

    func update(set: PCICommand = [], clear: PCICommand = []) throws {
        lock.lock()
        defer { lock.unlock() }
        var raw: UInt16 = 0
        guard pread(configFD, &raw, 2, off_t(PCICommand.offset)) == 2 else { throw failure("read") }
        let old = PCICommand(rawValue: UInt16(littleEndian: raw))
        let new = old.subtracting(clear).union(set)
        raw = new.rawValue.littleEndian
        if new != old, pwrite(configFD, &raw, 2, off_t(PCICommand.offset)) != 2 { throw failure("write") }
    }

    private func failure(_ op: String) -> HostError {
        HostError("cannot \(op) the COMMAND register of \(address)", errno: .last)
    }
}
