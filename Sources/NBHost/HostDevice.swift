import NBPCI

/// A PCI function that Linux has handed to this process. Every backend (uio, vfio, an in-process
/// device model) implements this; the kernel personality's pci(9), bus_space(9), bus_dma(9) and
/// interrupt hypercalls are written against it and nothing else.
public protocol HostDevice: AnyObject {
    var address: PCIAddress { get }
    /// How the device is reached, for attach lines and errors: "uio0", "vfio5" (IOMMU group 5), "model".
    var backendName: String { get }

    /// Config space access of 1, 2 or 4 bytes at `offset` (0..<4096), little-endian.
    func configRead<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, as: T.Type) throws -> T
    func configWrite<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, _ value: T) throws

    /// Registers are reached in one of two ways. Memory BARs are mapped into this process
    /// (mapBAR; mapping twice returns the same mapping) and accessed with loads and stores.
    /// I/O BARs, and memory BARs that cannot be mapped (a device model's, BARServedByHost), are
    /// accessed by the host: barRead/barWrite, `width` 1, 2 or 4 bytes (8 on memory BARs) at `offset`.
    func mapBAR(_ index: Int) throws -> MappedBAR
    func unmapBAR(_ index: Int)
    func barRead(_ index: Int, _ offset: Int, width: Int) throws -> UInt64
    func barWrite(_ index: Int, _ offset: Int, width: Int, _ value: UInt64) throws
    /// The file behind I/O BAR `index` when pread/pwrite of it are port I/O (uio's resource file,
    /// vfio's region), so the personality can do them without the host in the way; open as long
    /// as the device. nil when only barRead/barWrite reach the BAR (the default: device models).
    func portIOFile(_ index: Int) throws -> PortIOFile?

    /// Interrupt vectors the backend can deliver. The default: one INTx when the function has a pin.
    func interruptCounts() throws -> (intx: Int, msi: Int, msix: Int)

    /// Sets or clears the bus-master bit in the COMMAND register (DMA needs it on).
    func setBusMaster(_ on: Bool) throws

    /// Starts delivering one vector: `handler` runs on the vector's own interrupt thread once per
    /// interrupt (INTx is unmasked again after it returns; MSI/MSI-X need no unmask). Backends that
    /// deliver INTx only refuse MSI/MSI-X with requireINTx (InterruptVector.swift).
    func enableInterrupts(vector: InterruptVector, _ handler: @escaping @Sendable () -> Void) throws
    /// Stops one vector's thread and waits for it; its handler is not running when this returns.
    func disableInterrupts(vector: InterruptVector)

    /// Which devices see one piece of DMA memory at the same bus address (nbh_dma_bus_address then
    /// answers for memory another of them allocated, as the mbuf arena needs with several NICs).
    /// The default (HostDevice+Access.swift): the device alone.
    var dmaSpace: DMASpace { get }

    /// Memory the device can reach by DMA, physically (or IOVA-) contiguous, honouring `constraints`.
    func allocateDMA(size: Int, constraints: DMAConstraints) throws -> DMABuffer
    func freeDMA(_ buffer: DMABuffer)

    /// Undoes everything above: interrupts off, BARs unmapped, DMA memory freed, files closed.
    func close()
}

/// Thrown by mapBAR when the BAR cannot be mapped into this process and the host serves its
/// registers itself (barRead/barWrite): a device model's BARs, a vfio BAR with parts vfio keeps
/// (an MSI-X table).
public struct BARServedByHost: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The bus addresses a device's DMA uses.
public enum DMASpace: Hashable, Sendable {
    /// Physical addresses: no IOMMU between the device and memory (uio).
    case physical
    /// One IOMMU address space (nbshim's vfio container, shared by all its devices).
    case iommu(ObjectIdentifier)
    /// The device's own (an in-process model's window).
    case device(ObjectIdentifier)
}

/// Where port I/O on an I/O BAR goes: pread/pwrite of `fd` at `offset` plus the port's offset.
public struct PortIOFile: Sendable, Equatable {
    public let fd: Int32
    public let offset: UInt64
    public let size: Int
    public init(fd: Int32, offset: UInt64, size: Int) {
        self.fd = fd
        self.offset = offset
        self.size = size
    }
}

/// A memory BAR mapped into this process.
public struct MappedBAR: @unchecked Sendable {
    public let index: Int
    public let base: UnsafeMutableRawPointer
    public let size: Int
    public init(index: Int, base: UnsafeMutableRawPointer, size: Int) {
        self.index = index
        self.base = base
        self.size = size
    }
}

/// bus_dma(9) tag limits, applied to one contiguous allocation.
public struct DMAConstraints: Sendable, Equatable {
    /// Power of two; the bus address is a multiple of it.
    public var alignment: Int
    /// Power of two or 0; the buffer must not cross a multiple of it.
    public var boundary: UInt64
    /// Highest bus address the device can reach (edu: 0x0fff_ffff).
    public var maxAddress: UInt64

    public init(alignment: Int = 4096, boundary: UInt64 = 0, maxAddress: UInt64 = .max) {
        self.alignment = alignment
        self.boundary = boundary
        self.maxAddress = maxAddress
    }
}

/// Contiguous DMA memory: where the CPU sees it and where the device does.
public struct DMABuffer: @unchecked Sendable, Equatable {
    public let virtualAddress: UnsafeMutableRawPointer
    public let busAddress: UInt64
    public let size: Int
    public init(virtualAddress: UnsafeMutableRawPointer, busAddress: UInt64, size: Int) {
        self.virtualAddress = virtualAddress
        self.busAddress = busAddress
        self.size = size
    }
}
