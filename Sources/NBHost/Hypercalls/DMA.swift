import CNetBSDShim
import NBPCI

/// DMA memory hypercalls over HostDevice.allocateDMA, with a sorted table of live allocations so any
/// byte of them maps back to its bus address, and a buffer to one bus-contiguous run per lookup.

@_cdecl("nbh_dma_alloc")
public func nbh_dma_alloc(_ dev: OpaquePointer, _ size: Int, _ limits: UnsafePointer<nbh_dma_limits>,
                          _ va: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
                          _ bus: UnsafeMutablePointer<UInt64>) -> Int32 {
    let h = HostDeviceHandle.from(dev)
    let l = limits.pointee
    let constraints = DMAConstraints(alignment: Int(max(l.alignment, 1)), boundary: l.boundary, maxAddress: l.max_address)
    do {
        let b = try h.device.allocateDMA(size: size, constraints: constraints)
        h.addDMA(b)
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
    guard let b = h.removeDMA(at: va) else {
        _ = hypercallFailed("bus_dmamem_free", HostError("\(va) is not DMA memory of \(h.device.address)"), .EINVAL)
        return
    }
    h.device.freeDMA(b)
}

@_cdecl("nbh_dma_bus_address")
public func nbh_dma_bus_address(_ dev: OpaquePointer, _ va: UnsafeRawPointer, _ len: Int, _ bus: UnsafeMutablePointer<UInt64>,
                                _ contiguous: UnsafeMutablePointer<Int>) -> Int32 {
    guard let b = HostDeviceHandle.from(dev).busAddress(of: va) else { return NetBSDErrno.ENXIO.value }
    bus.pointee = b.bus
    contiguous.pointee = min(len, b.contiguous)
    return 0
}
