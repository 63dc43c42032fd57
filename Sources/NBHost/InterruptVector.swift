import CNetBSDShim
import NBPCI

/// One interrupt source of a PCI function: its INTx line, or MSI / MSI-X vector `n`.
public enum InterruptVector: Hashable, Sendable, CustomStringConvertible {
    case intx
    case msi(Int)
    case msix(Int)

    /// From the hypercall encoding (NBH_INTR_INTX, NBH_INTR_MSI(i), NBH_INTR_MSIX(i)).
    init?(hypercall v: Int32) {
        switch v & ~0xffff {
        case 0 where v == NBH_INTR_INTX: self = .intx
        case 0x10000: self = .msi(Int(v & 0xffff))
        case 0x20000: self = .msix(Int(v & 0xffff))
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .intx: return "INTx"
        case .msi(let n): return "MSI vector \(n)"
        case .msix(let n): return "MSI-X vector \(n)"
        }
    }
}

extension HostDevice {
    /// For backends that deliver INTx only (uio, device models): refuses MSI/MSI-X with what to do
    /// instead.
    public func requireINTx(_ vector: InterruptVector) throws {
        guard vector == .intx else {
            throw HostError("\(backendName) delivers INTx only, not \(vector): bind \(address) to vfio (nbshim bind --to vfio \(address))")
        }
    }
}
