import Foundation
import NBPCI
import NBSystem

/// What `struct nbh_pci *` points to: one HostDevice plus the host-side state the PCI, interrupt
/// and DMA hypercalls keep for it (established handlers, live DMA allocations).
public final class HostDeviceHandle: @unchecked Sendable {
    public let device: HostDevice
    let lock = NSLock()
    /// DMA allocations sorted by virtual start address, for nbh_dma_bus_address and nbh_dma_free.
    private(set) var dma: [DMABuffer] = []
    /// nbh_dma_bus_address calls answered for this handle's device (the bench counts them per map load).
    public private(set) var busAddressLookups = 0
    /// Serializes handler calls against disestablish: a handler is never running once it is removed.
    let dispatchLock = NSLock()
    var handlers: [InterruptRegistration] = []
    /// Vectors whose host delivery is on (each has at least one handler).
    var enabledVectors: Set<InterruptVector> = []

    init(_ device: HostDevice) { self.device = device }

    /// Every handle between retain and release, for lookups across devices of one DMASpace.
    nonisolated(unsafe) private static var live: [ObjectIdentifier: HostDeviceHandle] = [:]
    private static let liveLock = NSLock()

    /// The opaque pointer the personality receives for `device`; keeps it alive until release(_:).
    public static func retain(_ device: HostDevice) -> OpaquePointer {
        let h = HostDeviceHandle(device)
        liveLock.lock()
        live[ObjectIdentifier(h)] = h
        liveLock.unlock()
        return OpaquePointer(Unmanaged.passRetained(h).toOpaque())
    }

    /// Records an allocation (lock held by nobody).
    func addDMA(_ b: DMABuffer) {
        lock.lock()
        dma.insert(b, at: index(after: UnsafeRawPointer(b.virtualAddress)))
        lock.unlock()
    }

    /// Forgets the allocation starting at `va`; nil when there is none.
    func removeDMA(at va: UnsafeMutableRawPointer) -> DMABuffer? {
        lock.lock()
        defer { lock.unlock() }
        let i = index(after: UnsafeRawPointer(va)) - 1
        guard i >= 0, dma[i].virtualAddress == va else { return nil }
        return dma.remove(at: i)
    }

    /// How many allocations start at or below `va` (binary search; lock held).
    private func index(after va: UnsafeRawPointer) -> Int {
        var lo = 0, hi = dma.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if UnsafeRawPointer(dma[mid].virtualAddress) <= va { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The bus address of `va` for this device and how many bytes from it on are bus-contiguous
    /// (to the end of its allocation): in DMA memory allocated for it, or for another device of
    /// the same DMASpace (same bus address for the same memory).
    func busAddress(of va: UnsafeRawPointer) -> (bus: UInt64, contiguous: Int)? {
        lock.lock()
        busAddressLookups += 1
        lock.unlock()
        if let b = ownBusAddress(of: va) { return b }
        let space = device.dmaSpace
        if case .device = space { return nil }
        Self.liveLock.lock()
        let others = Self.live.values.filter { $0 !== self && $0.device.dmaSpace == space }
        Self.liveLock.unlock()
        return others.lazy.compactMap { $0.ownBusAddress(of: va) }.first
    }

    private func ownBusAddress(of va: UnsafeRawPointer) -> (bus: UInt64, contiguous: Int)? {
        lock.lock()
        defer { lock.unlock() }
        let i = index(after: va) - 1
        guard i >= 0 else { return nil }
        let b = dma[i], start = UnsafeRawPointer(b.virtualAddress)
        guard va < start + b.size else { return nil }
        return (b.busAddress + UInt64(va - start), b.size - (va - start))
    }

    /// The handle behind `pointer`, for tools that look at its counters (nbshim bench).
    public static func of(_ pointer: OpaquePointer) -> HostDeviceHandle { from(pointer) }

    /// Ends a pointer from retain(_:): interrupts off, DMA memory freed. The device stays open.
    public static func release(_ pointer: OpaquePointer) {
        let handle = Unmanaged<HostDeviceHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeRetainedValue()
        liveLock.lock()
        live[ObjectIdentifier(handle)] = nil
        liveLock.unlock()
        handle.dispatchLock.lock()
        handle.handlers.removeAll()
        let on = handle.enabledVectors
        handle.enabledVectors = []
        handle.dispatchLock.unlock()
        for v in on { handle.device.disableInterrupts(vector: v) }
        handle.lock.lock()
        let buffers = handle.dma
        handle.dma.removeAll()
        handle.lock.unlock()
        for b in buffers { handle.device.freeDMA(b) }
    }

    static func from(_ pointer: OpaquePointer) -> HostDeviceHandle {
        Unmanaged<HostDeviceHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }
}

/// One established interrupt handler (`struct nbh_intr *`).
final class InterruptRegistration {
    let handle: HostDeviceHandle
    let vector: InterruptVector
    let handler: @convention(c) (UnsafeMutableRawPointer?) -> Void
    let arg: UnsafeMutableRawPointer?

    init(handle: HostDeviceHandle, vector: InterruptVector, handler: @escaping @convention(c) (UnsafeMutableRawPointer?) -> Void,
         arg: UnsafeMutableRawPointer?) {
        self.handle = handle
        self.vector = vector
        self.handler = handler
        self.arg = arg
    }
}

/// A hypercall that failed says why on standard error, in one line, and returns a NetBSD errno: that
/// of the system call behind the error when there was one, else `otherwise`.
func hypercallFailed(_ what: String, _ error: Error, _ otherwise: NetBSDErrno) -> Int32 {
    FileHandle.standardError.write(Data("nbshim: \(what): \(error)\n".utf8))
    guard let e = (error as? SystemCallError)?.errno else { return otherwise.value }
    return NetBSDErrno(linux: e.rawValue).value
}
