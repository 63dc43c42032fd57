import NBPCI

/// Interrupt hypercalls. The host delivers each vector (INTx, MSI i, MSI-X i) on its own thread;
/// the personality may establish several handlers on one vector (a shared INTx line): that
/// vector's thread runs each of them in turn.

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
    guard let v = InterruptVector(hypercall: vector) else {
        return hypercallFailed("establishing interrupt vector 0x\(String(vector, radix: 16)) on \(h.device.address)",
                               HostError("not an NBH_INTR_* vector"), NetBSDErrno.EINVAL)
    }
    let reg = InterruptRegistration(handle: h, vector: v, handler: handler, arg: arg)
    h.dispatchLock.lock()
    h.handlers.append(reg)
    let start = h.enabledVectors.insert(v).inserted
    h.dispatchLock.unlock()
    if start {
        do {
            try h.device.enableInterrupts(vector: v) { [unowned h] in
                h.dispatchLock.lock()
                defer { h.dispatchLock.unlock() }
                for r in h.handlers where r.vector == v { r.handler(r.arg) }
            }
        } catch {
            h.dispatchLock.lock()
            h.handlers.removeAll { $0 === reg }
            h.enabledVectors.remove(v)
            h.dispatchLock.unlock()
            return hypercallFailed("enabling \(v) of \(h.device.address)", error,
                                   v == .intx ? NetBSDErrno.EIO : NetBSDErrno.EOPNOTSUPP)
        }
    }
    out.pointee = OpaquePointer(Unmanaged.passRetained(reg).toOpaque())
    return 0
}

/// Removing a handler waits for a running dispatch (dispatchLock); the last one on a vector stops
/// that vector's thread.
@_cdecl("nbh_intr_disestablish")
public func nbh_intr_disestablish(_ ih: OpaquePointer) {
    let reg = Unmanaged<InterruptRegistration>.fromOpaque(UnsafeRawPointer(ih)).takeRetainedValue()
    let h = reg.handle
    h.dispatchLock.lock()
    h.handlers.removeAll { $0 === reg }
    let stop = !h.handlers.contains { $0.vector == reg.vector } && h.enabledVectors.remove(reg.vector) != nil
    h.dispatchLock.unlock()
    if stop { h.device.disableInterrupts(vector: reg.vector) }
}
