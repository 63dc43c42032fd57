import CNetBSDShim
import NBPCI

/// DMA memory hypercalls over HostDevice.allocateDMA, with a table of live allocations so any byte
/// of them maps back to its bus address.

@_cdecl("nbh_dma_alloc")
public func nbh_dma_alloc(_ dev: OpaquePointer, _ size: Int, _ limits: UnsafePointer<nbh_dma_limits>,
                          _ va: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
                          _ bus: UnsafeMutablePointer<UInt64>) -> Int32 {
    let h = HostDeviceHandle.from(dev)
    let l = limits.pointee
    let constraints = DMAConstraints(alignment: Int(max(l.alignment, 1)), boundary: l.boundary, maxAddress: l.max_address)
    do {
        let b = try h.device.allocateDMA(size: size, constraints: constraints)
        h.lock.lock()
        h.dma.append(b)
        h.lock.unlock()
        va.pointee = b.virtualAddress
        bus.pointee = b.busAddress
        return 0
    } catch {
        return hypercallFailed("bus_dmamem_alloc of \(size) bytes for \(h.device.address)", error, NetBSDErrno.ENOMEM)
    }
}

@_cdecl("nbh_dma_free")
public func nbh_dma_free(_ dev: OpaquePointer, _ va: UnsafeMutableRawPointer, _ size: Int) {
    let h = HostDeviceHandle.from(dev)
    h.lock.lock()
    let i = h.dma.firstIndex { $0.virtualAddress == va }
    let b = i.map { h.dma.remove(at: $0) }
    h.lock.unlock()
    guard let b else {
        _ = hypercallFailed("bus_dmamem_free", HostError("\(va) is not DMA memory of \(h.device.address)"), .EINVAL)
        return
    }
    h.device.freeDMA(b)
}

@_cdecl("nbh_dma_bus_address")
public func nbh_dma_bus_address(_ dev: OpaquePointer, _ va: UnsafeRawPointer, _ bus: UnsafeMutablePointer<UInt64>) -> Int32 {
    guard let b = HostDeviceHandle.from(dev).busAddress(of: va) else { return NetBSDErrno.ENXIO.value }
    bus.pointee = b
    return 0
}
