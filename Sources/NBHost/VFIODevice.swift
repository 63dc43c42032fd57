import CLinuxVFIO
import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// A PCI function bound to vfio-pci. Config space, BARs, interrupts and reset go through the vfio
/// device file; DMA through the IOMMU of its group's container (VFIOGroup, VFIODMA), so the device
/// reaches only buffers allocated here and a wild DMA faults in the IOMMU instead of corrupting
/// memory. Memory BARs are mmap'd when vfio allows all of them; a BAR with holes (the MSI-X table,
/// without interrupt remapping) is accessed with pread/pwrite instead (barRead/barWrite).
public final class VFIODevice: HostDevice, @unchecked Sendable {
    public let address: PCIAddress
    public let backendName: String
    public var dmaSpace: DMASpace { .iommu(ObjectIdentifier(vfio.container)) }
    /// The IOMMU group, and whether VFIO_DEVICE_RESET works for this function.
    public let group: Int
    public let resetSupported: Bool
    /// Memory behind DMA buffers allocated from now on.
    public var dmaBacking: DMABacking = .pages

    private let deviceFD: Int32
    private let vfio: VFIOGroup
    private let interrupts: VFIOInterrupts
    private let configRegion: Region
    private let lock = NSLock()
    private var regions: [Int: Region] = [:]
    private var bars: [Int: MappedBAR] = [:]
    private var buffers: [UnsafeMutableRawPointer: DMABuffer] = [:]
    private var closed = false

    struct Region {
        let offset: UInt64
        let size: UInt64
        let flags: UInt32
        /// The whole region can be mmap'd (MMAP flag and no sparse-mmap holes).
        let mappable: Bool
    }

    /// Opens the device at `address`, which must be bound to vfio-pci in a viable IOMMU group,
    /// resets it when vfio can, and enables bus mastering.
    public init(address: PCIAddress, paths: HostPaths = .live) throws {
        self.address = address
        let pci = try PCIDevice(address, paths: paths)
        guard pci.driver == BindTarget.vfio.driver else {
            throw HostError("\(address) is bound to \(pci.driver ?? "no driver"), not vfio-pci: run 'nbshim bind --to vfio \(address)'")
        }
        guard let g = pci.iommuGroup else {
            throw HostError("\(address) has no IOMMU group: boot with intel_iommu=on (or amd_iommu=on), or use uio")
        }
        group = g
        backendName = "vfio\(g)"
        let vfio = try VFIOGroup.acquire(g, for: pci, paths: paths)
        let fd = clv_group_get_device_fd(vfio.groupFD, "\(address)")
        guard fd >= 0 else {
            let e = Errno.last
            vfio.release()
            throw HostError("VFIO_GROUP_GET_DEVICE_FD for \(address) failed", errno: e,
                            fix: e == .resourceBusy ? "the device is open elsewhere" : nil)
        }
        do {
            var info = vfio_device_info()
            info.argsz = UInt32(MemoryLayout<vfio_device_info>.size)
            guard clv_device_get_info(fd, &info) == 0 else {
                throw HostError("VFIO_DEVICE_GET_INFO for \(address) failed", errno: .last)
            }
            guard info.flags & UInt32(VFIO_DEVICE_FLAGS_PCI) != 0 else { throw HostError("\(address) is not a vfio-pci device") }
            resetSupported = info.flags & UInt32(VFIO_DEVICE_FLAGS_RESET) != 0
            configRegion = try Self.regionInfo(fd, Int(VFIO_PCI_CONFIG_REGION_INDEX), address)
            interrupts = try VFIOInterrupts(deviceFD: fd, address: address, name: backendName)
        } catch {
            Foundation.close(fd)
            vfio.release()
            throw error
        }
        self.vfio = vfio
        deviceFD = fd
        do {
            try reset()
            try setBusMaster(true)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// VFIO_DEVICE_RESET when the function supports it (function-level, PM or bus reset); a no-op otherwise.
    public func reset() throws {
        guard resetSupported else { return }
        guard clv_device_reset(deviceFD) == 0 else {
            throw HostError("VFIO_DEVICE_RESET of \(address) failed", errno: .last)
        }
    }

    private static func regionInfo(_ fd: Int32, _ index: Int, _ address: PCIAddress) throws -> Region {
        let info = try VFIOInfo(size: MemoryLayout<vfio_region_info>.size, what: "VFIO_DEVICE_GET_REGION_INFO \(index) of \(address)",
                                prepare: { $0.storeBytes(of: UInt32(index), toByteOffset: 8, as: UInt32.self) }) {
            clv_device_get_region_info(fd, $0.assumingMemoryBound(to: vfio_region_info.self))
        }
        let flags = info.load(4, as: UInt32.self)
        let size = info.load(16, as: UInt64.self)
        var mappable = flags & UInt32(VFIO_REGION_INFO_FLAG_MMAP) != 0
        if mappable, flags & UInt32(VFIO_REGION_INFO_FLAG_CAPS) != 0,
           let cap = info.capabilities(id: UInt16(VFIO_REGION_INFO_CAP_SPARSE_MMAP), first: info.load(12, as: UInt32.self)).first {
            // Mappable only when one area covers the region (no hole for an MSI-X table).
            let n = Int(info.load(cap + 8, as: UInt32.self))
            mappable = (0..<n).contains { i in
                info.load(cap + 16 + i * 16, as: UInt64.self) == 0 && info.load(cap + 24 + i * 16, as: UInt64.self) >= size
            }
        }
        return Region(offset: info.load(24, as: UInt64.self), size: size, flags: flags, mappable: mappable)
    }

    // MARK: config space

    public func configRead<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, as: T.Type) throws -> T {
        try checkConfig(offset, T.self)
        var raw: T = 0
        let n = pread(deviceFD, &raw, MemoryLayout<T>.size, off_t(configRegion.offset) + off_t(offset))
        guard n == MemoryLayout<T>.size else { throw configError("read", offset, T.self, n) }
        return T(littleEndian: raw)
    }

    public func configWrite<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, _ value: T) throws {
        try checkConfig(offset, T.self)
        var raw = value.littleEndian
        let n = pwrite(deviceFD, &raw, MemoryLayout<T>.size, off_t(configRegion.offset) + off_t(offset))
        guard n == MemoryLayout<T>.size else { throw configError("write", offset, T.self, n) }
    }

    private func checkConfig<T>(_ offset: Int, _: T.Type) throws {
        let size = MemoryLayout<T>.size
        guard [1, 2, 4].contains(size), offset >= 0, offset + size <= min(4096, Int(configRegion.size)) else {
            throw HostError("config access of \(size) bytes at \(offset) on \(address): sizes are 1, 2 or 4 within 0..<\(min(4096, configRegion.size))")
        }
    }

    private func configError<T>(_ op: String, _ offset: Int, _: T.Type, _ n: Int) -> HostError {
        let what = "config \(op) of \(MemoryLayout<T>.size) bytes at 0x\(String(offset, radix: 16)) on \(address) through vfio failed"
        return n < 0 ? HostError(what, errno: .last) : HostError(what + ": short transfer")
    }

    /// vfio passes the bus-master bit to the device (its INTx-disable bit is vfio's own).
    public func setBusMaster(_ on: Bool) throws {
        try on ? updateCommand(set: .busMaster) : updateCommand(clear: .busMaster)
    }

    // MARK: BARs

    private func bar(_ index: Int) throws -> (region: Region, io: Bool) {
        guard (0...5).contains(index) else { throw HostError("BAR \(index) does not exist: BARs are 0...5") }
        lock.lock()
        let cached = regions[index]
        lock.unlock()
        let r = try cached ?? Self.regionInfo(deviceFD, index, address)
        lock.lock()
        regions[index] = r
        lock.unlock()
        guard r.size > 0 else {
            throw HostError("BAR \(index) of \(address) is not implemented (`nbshim list -v -s \(address)` shows its BARs)")
        }
        return (r, try configRead(0x10 + 4 * index, as: UInt32.self) & 1 != 0)
    }

    public func mapBAR(_ index: Int) throws -> MappedBAR {
        let (r, io) = try bar(index)
        guard !io else { throw HostError("BAR \(index) of \(address) is an I/O BAR: use barRead/barWrite, not mapBAR") }
        guard r.mappable else {
            throw BARServedByHost("BAR \(index) of \(address) has parts vfio does not let this process map (an MSI-X table): accessed through the host")
        }
        lock.lock()
        defer { lock.unlock() }
        if let m = bars[index] { return m }
        let p = mmap(nil, Int(r.size), PROT_READ | PROT_WRITE, MAP_SHARED, deviceFD, off_t(r.offset))
        guard let p, p != MAP_FAILED else {
            throw HostError("cannot map BAR \(index) of \(address) (\(r.size) bytes) through vfio", errno: .last)
        }
        let m = MappedBAR(index: index, base: p, size: Int(r.size))
        bars[index] = m
        return m
    }

    public func unmapBAR(_ index: Int) {
        lock.lock()
        defer { lock.unlock() }
        if let m = bars.removeValue(forKey: index) { munmap(m.base, m.size) }
    }

    /// Any BAR through the vfio region: I/O BARs, and memory BARs that cannot be mapped.
    public func barRead(_ index: Int, _ offset: Int, width: Int) throws -> UInt64 {
        let r = try regionAccess(index, offset, width)
        var raw: UInt64 = 0
        guard pread(deviceFD, &raw, width, off_t(r.offset) + off_t(offset)) == width else {
            throw HostError("read of \(width) bytes at 0x\(String(offset, radix: 16)) of BAR \(index) on \(address) failed", errno: .last)
        }
        return UInt64(littleEndian: raw)
    }

    public func barWrite(_ index: Int, _ offset: Int, width: Int, _ value: UInt64) throws {
        let r = try regionAccess(index, offset, width)
        var raw = value.littleEndian
        guard pwrite(deviceFD, &raw, width, off_t(r.offset) + off_t(offset)) == width else {
            throw HostError("write of \(width) bytes at 0x\(String(offset, radix: 16)) of BAR \(index) on \(address) failed", errno: .last)
        }
    }

    private func regionAccess(_ index: Int, _ offset: Int, _ width: Int) throws -> Region {
        let (r, io) = try bar(index)
        let widths = io ? [1, 2, 4] : [1, 2, 4, 8]
        guard widths.contains(width), offset >= 0, UInt64(offset + width) <= r.size else {
            throw HostError("access of \(width) bytes at 0x\(String(offset, radix: 16)) is outside BAR \(index) of \(address) (\(r.size) bytes) or not \(widths.map(String.init).joined(separator: "/")) bytes wide")
        }
        return r
    }

    /// An I/O BAR's region: the personality preads and pwrites the device file at its offset.
    public func portIOFile(_ index: Int) throws -> PortIOFile? {
        let (r, io) = try bar(index)
        guard io else { throw HostError("BAR \(index) of \(address) is a memory BAR: use mapBAR, not port I/O") }
        return PortIOFile(fd: deviceFD, offset: r.offset, size: Int(r.size))
    }

    // MARK: interrupts

    public func interruptCounts() throws -> (intx: Int, msi: Int, msix: Int) { interrupts.counts }

    public func enableInterrupts(vector: InterruptVector, _ handler: @escaping @Sendable () -> Void) throws {
        try interrupts.enable(vector, handler)
    }

    public func disableInterrupts(vector: InterruptVector) { interrupts.disable(vector) }

    // MARK: DMA

    public func allocateDMA(size: Int, constraints: DMAConstraints) throws -> DMABuffer {
        let b = try vfio.dma.allocate(size: size, constraints: constraints, backing: dmaBacking)
        lock.lock()
        buffers[b.virtualAddress] = b
        lock.unlock()
        return b
    }

    public func freeDMA(_ buffer: DMABuffer) {
        lock.lock()
        let mine = buffers.removeValue(forKey: buffer.virtualAddress) != nil
        lock.unlock()
        if mine { vfio.dma.free(buffer) }
    }

    /// Interrupts off, bus mastering off, reset (the device stops whatever it was doing), then BARs,
    /// DMA memory and files released.
    public func close() {
        lock.lock()
        let wasClosed = closed
        closed = true
        lock.unlock()
        guard !wasClosed else { return }
        interrupts.disableAll()
        try? setBusMaster(false)
        do { try reset() } catch {
            FileHandle.standardError.write(Data("nbshim: \(error)\n".utf8))
        }
        lock.lock()
        for m in bars.values { munmap(m.base, m.size) }
        bars.removeAll()
        let mine = Array(buffers.values)
        buffers.removeAll()
        lock.unlock()
        for b in mine { vfio.dma.free(b) }
        Foundation.close(deviceFD)
        vfio.release()
    }
}
