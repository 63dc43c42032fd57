import Foundation
import NBPCI

/// nbh_pci_abandon: a function whose driver cannot detach is taken away at exit. The device is
/// stopped, the BAR mappings the driver holds become plain memory (so a late access from one of
/// its callouts reaches neither this device nor the driver Linux gives it back to), and the
/// personality gets a RemovedDevice to talk to instead. The original handle is never released:
/// the driver's DMA memory stays valid until the process ends.
@_cdecl("nbh_pci_abandon")
public func nbh_pci_abandon(_ dev: OpaquePointer, _ mappedBARs: UInt32) -> OpaquePointer {
    let d = HostDeviceHandle.from(dev).device
    var done: [String] = []
    for bar in 0..<6 where mappedBARs & (1 << UInt32(bar)) != 0 {
        if let m = try? d.mapBAR(bar), AbandonedFunctions.makeInert(m) { done.append("BAR \(bar) mapping cut off") }
    }
    // Bus mastering (DMA), memory and I/O decoding off; INTx masked.
    do {
        try d.updateCommand(set: .interruptDisable, clear: [.ioSpace, .memorySpace, .busMaster])
        done.insert("bus mastering and decoding off", at: 0)
    } catch {
        done.insert("COMMAND register not written (\(error))", at: 0)
    }
    AbandonedFunctions.record(dev, address: d.address, what: done.joined(separator: ", "))
    return HostDeviceHandle.retain(RemovedDevice(address: d.address, backendName: d.backendName))
}

/// The host handles nbh_pci_abandon took away, and what was done to each.
public enum AbandonedFunctions {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var taken: [UInt: (address: PCIAddress, what: String)] = [:]

    static func record(_ handle: OpaquePointer, address: PCIAddress, what: String) {
        lock.lock()
        taken[UInt(bitPattern: UnsafeRawPointer(handle))] = (address, what)
        lock.unlock()
    }

    /// What quiescing `handle` did ("bus mastering and decoding off, ..."), nil when it was not abandoned.
    public static func quiesced(_ handle: OpaquePointer) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return taken[UInt(bitPattern: UnsafeRawPointer(handle))]?.what
    }

    /// Replaces the pages of a BAR mapping with anonymous memory reading all ones.
    static func makeInert(_ m: MappedBAR) -> Bool {
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let start = UInt(bitPattern: m.base) & ~(page - 1)
        let end = (UInt(bitPattern: m.base) + UInt(m.size) + page - 1) & ~(page - 1)
        guard let p = UnsafeMutableRawPointer(bitPattern: start),
              mmap(p, Int(end - start), PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == p
        else { return false }
        memset(p, 0xff, Int(end - start))
        return true
    }
}
