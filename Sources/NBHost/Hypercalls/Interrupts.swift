import NBPCI

/// Interrupt hypercalls. A HostDevice has one interrupt handler; the personality may establish
/// several (a shared INTx line): the device's handler runs each established one in turn.

@_cdecl("nbh_intr_counts")
public func nbh_intr_counts(_ dev: OpaquePointer, _ intx: UnsafeMutablePointer<Int32>,
                            _ msi: UnsafeMutablePointer<Int32>, _ msix: UnsafeMutablePointer<Int32>) -> Int32 {
    let d = HostDeviceHandle.from(dev).device
    do {
        let c = try d.interruptCounts()
        (intx.pointee, msi.pointee, msix.pointee) = (Int32(c.intx), Int32(c.msi), Int32(c.msix))
        return 0
    } catch {
        (intx.pointee, msi.pointee, msix.pointee) = (0, 0, 0)
        return hypercallFailed("interrupt counts of \(d.address)", error, NetBSDErrno.EIO)
    }
}

@_cdecl("nbh_intr_establish")
public func nbh_intr_establish(_ dev: OpaquePointer, _ vector: Int32,
                               _ handler: @escaping @convention(c) (UnsafeMutableRawPointer?) -> Void,
                               _ arg: UnsafeMutableRawPointer?,
                               _ out: UnsafeMutablePointer<OpaquePointer?>) -> Int32 {
    let h = HostDeviceHandle.from(dev)
    guard vector == 0 else {
        let kind = vector & 0x20000 != 0 ? "MSI-X" : "MSI"
        return hypercallFailed("establishing \(kind) vector \(vector & 0xffff) on \(h.device.address)",
                               PCIError("\(h.device.backendName) delivers INTx only: bind the device to vfio for \(kind)"),
                               NetBSDErrno.EOPNOTSUPP)
    }
    let reg = InterruptRegistration(handle: h, vector: vector, handler: handler, arg: arg)
    h.dispatchLock.lock()
    h.handlers.append(reg)
    let start = !h.interruptsOn
    h.interruptsOn = true
    h.dispatchLock.unlock()
    if start {
        do {
            try h.device.enableInterrupts { [unowned h] in
                h.dispatchLock.lock()
                defer { h.dispatchLock.unlock() }
                for r in h.handlers { r.handler(r.arg) }
            }
        } catch {
            h.dispatchLock.lock()
            h.handlers.removeAll { $0 === reg }
            h.interruptsOn = false
            h.dispatchLock.unlock()
            return hypercallFailed("enabling interrupts of \(h.device.address)", error, NetBSDErrno.EIO)
        }
    }
    out.pointee = OpaquePointer(Unmanaged.passRetained(reg).toOpaque())
    return 0
}

/// Removing a handler waits for a running dispatch (dispatchLock); the last one stops the thread.
@_cdecl("nbh_intr_disestablish")
public func nbh_intr_disestablish(_ ih: OpaquePointer) {
    let reg = Unmanaged<InterruptRegistration>.fromOpaque(UnsafeRawPointer(ih)).takeRetainedValue()
    let h = reg.handle
    h.dispatchLock.lock()
    h.handlers.removeAll { $0 === reg }
    let stop = h.handlers.isEmpty && h.interruptsOn
    if stop { h.interruptsOn = false }
    h.dispatchLock.unlock()
    if stop { h.device.disableInterrupts() }
}
