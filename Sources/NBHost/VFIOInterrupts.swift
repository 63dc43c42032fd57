import CLinuxVFIO
import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// Interrupt delivery of one vfio device: each vector signals an eventfd of its own
/// (VFIO_DEVICE_SET_IRQS, DATA_EVENTFD | ACTION_TRIGGER) that an InterruptThread waits on.
/// vfio masks INTx in the host kernel when it fires, so INTx is unmasked (ACTION_UNMASK) after each
/// handler run; MSI and MSI-X are edge events and need nothing. A device uses one of INTx, MSI or
/// MSI-X at a time. vfio (before Linux 6.5) sets the number of MSI/MSI-X vectors when it enables
/// them, so the first vector enables all the function has, with no eventfd on the others yet.
final class VFIOInterrupts: @unchecked Sendable {
    private let deviceFD: Int32
    private let address: PCIAddress
    private let name: String
    private let lock = NSLock()
    private var active: [InterruptVector: (eventFD: Int32, thread: InterruptThread)] = [:]
    /// (INTx, MSI, MSI-X) vector counts from VFIO_DEVICE_GET_IRQ_INFO.
    let counts: (intx: Int, msi: Int, msix: Int)

    init(deviceFD: Int32, address: PCIAddress, name: String) throws {
        self.deviceFD = deviceFD
        self.address = address
        self.name = name
        func count(_ index: Int) throws -> Int {
            var info = vfio_irq_info()
            info.argsz = UInt32(MemoryLayout<vfio_irq_info>.size)
            info.index = UInt32(index)
            guard clv_device_get_irq_info(deviceFD, &info) == 0 else {
                throw HostError("VFIO_DEVICE_GET_IRQ_INFO \(index) on \(address) failed", errno: .last)
            }
            return info.flags & UInt32(VFIO_IRQ_INFO_EVENTFD) != 0 ? Int(info.count) : 0
        }
        counts = (try count(Int(VFIO_PCI_INTX_IRQ_INDEX)), try count(Int(VFIO_PCI_MSI_IRQ_INDEX)),
                  try count(Int(VFIO_PCI_MSIX_IRQ_INDEX)))
    }

    private func index(_ v: InterruptVector) -> (index: UInt32, vector: Int, available: Int) {
        switch v {
        case .intx: return (UInt32(VFIO_PCI_INTX_IRQ_INDEX), 0, counts.intx)
        case .msi(let n): return (UInt32(VFIO_PCI_MSI_IRQ_INDEX), n, counts.msi)
        case .msix(let n): return (UInt32(VFIO_PCI_MSIX_IRQ_INDEX), n, counts.msix)
        }
    }

    private static func sameKind(_ a: InterruptVector, _ b: InterruptVector) -> Bool {
        switch (a, b) {
        case (.intx, .intx), (.msi, .msi), (.msix, .msix): return true
        default: return false
        }
    }

    func enable(_ v: InterruptVector, _ handler: @escaping @Sendable () -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        let (index, n, available) = self.index(v)
        guard n < available else {
            throw HostError("\(address) has \(available) \(v == .intx ? "INTx" : "vectors of that kind") through vfio, so it cannot deliver \(v)")
        }
        guard active[v] == nil else { throw HostError("\(v) of \(address) is already enabled") }
        if let other = active.keys.first(where: { !Self.sameKind($0, v) }) {
            throw HostError("\(address) delivers \(other) already: a function uses one of INTx, MSI and MSI-X at a time, not \(v) as well")
        }
        let efd = clv_eventfd()
        guard efd >= 0 else { throw HostError("cannot create an eventfd for \(v) of \(address)", errno: .last) }
        let fd = deviceFD
        let unmask: () throws -> Void = v != .intx ? {} : { [address] in
            guard clv_device_set_irq_action(fd, index, 0, 1, UInt32(VFIO_IRQ_SET_ACTION_UNMASK)) == 0 else {
                throw HostError("unmasking INTx of \(address) failed", errno: .last)
            }
        }
        let thread: InterruptThread
        do {
            thread = try InterruptThread(fd: efd, countSize: 8, name: "\(name) \(v)", handler: handler, rearm: unmask)
        } catch {
            close(efd)
            throw error
        }
        let rc: Int32
        if v == .intx || active.isEmpty {
            // Enables the index: every vector the function has, only this one signalled.
            let total = v == .intx ? 1 : available
            var fds = [Int32](repeating: -1, count: total)
            fds[n] = efd
            rc = clv_device_set_irq_eventfds(deviceFD, index, 0, UInt32(total), fds)
        } else {
            var one = efd
            rc = clv_device_set_irq_eventfds(deviceFD, index, UInt32(n), 1, &one)
        }
        guard rc == 0 else {
            let e = Errno.last
            thread.stop()
            close(efd)
            throw HostError("VFIO_DEVICE_SET_IRQS for \(v) of \(address) failed", errno: e)
        }
        active[v] = (efd, thread)
    }

    /// Stops the vector's thread, then takes its eventfd off the device; the last vector of a
    /// kind disables the kind (MSI, MSI-X or INTx off in the function).
    func disable(_ v: InterruptVector) {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = active.removeValue(forKey: v) else { return }
        entry.thread.stop()
        let (index, n, _) = self.index(v)
        if active.isEmpty {
            _ = clv_device_set_irq_action(deviceFD, index, 0, 0, UInt32(VFIO_IRQ_SET_ACTION_TRIGGER))
        } else {
            var none: Int32 = -1
            _ = clv_device_set_irq_eventfds(deviceFD, index, UInt32(n), 1, &none)
        }
        close(entry.eventFD)
    }

    func disableAll() {
        lock.lock()
        let vectors = Array(active.keys)
        lock.unlock()
        for v in vectors { disable(v) }
    }
}
