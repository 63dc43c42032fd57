import NBPCI

/// Defaults for backends that deliver INTx only and whose I/O BARs (if any) only the host reaches.
extension HostDevice {
    public var dmaSpace: DMASpace { .device(ObjectIdentifier(self)) }

    public func portIOFile(_ index: Int) throws -> PortIOFile? { nil }

    public func interruptCounts() throws -> (intx: Int, msi: Int, msix: Int) {
        (try configRead(0x3d, as: UInt8.self) != 0 ? 1 : 0, 0, 0)
    }
}
