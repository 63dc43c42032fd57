import Foundation
import NBPCI

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

    /// The opaque pointer the personality receives for `device`; keeps it alive until release(_:).
    public static func retain(_ device: HostDevice) -> OpaquePointer {
        OpaquePointer(Unmanaged.passRetained(HostDeviceHandle(device)).toOpaque())
    }

    /// Ends a pointer from retain(_:): interrupts off, DMA memory freed. The device stays open.
    public static func release(_ pointer: OpaquePointer) {
        let handle = Unmanaged<HostDeviceHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeRetainedValue()
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

/// A hypercall that failed says why on standard error, in one line, and returns a NetBSD errno.
func hypercallFailed(_ what: String, _ error: Error, _ errno: NetBSDErrno) -> Int32 {
    let why = (error as? PCIError).map { "\($0)" } ?? "\(error)"
    FileHandle.standardError.write(Data("nbshim: \(what): \(why)\n".utf8))
    return errno.value
}

