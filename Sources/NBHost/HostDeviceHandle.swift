import Foundation
import NBPCI
import NBSystem

/// What `struct nbh_pci *` points to: one HostDevice plus the host-side state the PCI, interrupt
/// and DMA hypercalls keep for it (established handlers, live DMA allocations).
public final class HostDeviceHandle: @unchecked Sendable {
    public let device: HostDevice
    let lock = NSLock()
    /// DMA allocations by virtual start address, for nbh_dma_bus_address and nbh_dma_free.
    var dma: [DMABuffer] = []
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

    /// The bus address of `va` for this device: in DMA memory allocated for it, or for another
    /// device of the same DMASpace (same bus address for the same memory).
    func busAddress(of va: UnsafeRawPointer) -> UInt64? {
        if let b = ownBusAddress(of: va) { return b }
        let space = device.dmaSpace
        if case .device = space { return nil }
        Self.liveLock.lock()
        let others = Self.live.values.filter { $0 !== self && $0.device.dmaSpace == space }
        Self.liveLock.unlock()
        return others.lazy.compactMap { $0.ownBusAddress(of: va) }.first
    }

    private func ownBusAddress(of va: UnsafeRawPointer) -> UInt64? {
        lock.lock()
        defer { lock.unlock() }
        for b in dma {
            let start = UnsafeRawPointer(b.virtualAddress)
            if va >= start, va < start + b.size { return b.busAddress + UInt64(va - start) }
        }
        return nil
    }

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
