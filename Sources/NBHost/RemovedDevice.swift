import NBPCI

/// What a driver that could not detach reaches once its function is taken away at exit
/// (nbh_pci_abandon): a function that is no longer there. Reads return all ones, as a master abort
/// does on a real bus, writes go nowhere, and nothing new (mappings, interrupts, DMA memory) is
/// handed out. DMA memory the driver already holds stays allocated until the process ends.
public final class RemovedDevice: HostDevice, @unchecked Sendable {
    public let address: PCIAddress
    public let backendName: String

    public init(address: PCIAddress, backendName: String) {
        self.address = address
        self.backendName = backendName
    }

    private var gone: HostError { HostError("\(address) was taken from its driver at exit") }

    public func configRead<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, as: T.Type) throws -> T { T.max }
    public func configWrite<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int, _ value: T) throws {}
    public func mapBAR(_ index: Int) throws -> MappedBAR { throw gone }
    public func unmapBAR(_ index: Int) {}
    public func barRead(_ index: Int, _ offset: Int, width: Int) throws -> UInt64 {
        width >= 8 ? .max : (1 << (8 * UInt64(width))) - 1
    }
    public func barWrite(_ index: Int, _ offset: Int, width: Int, _ value: UInt64) throws {}
    public func interruptCounts() throws -> (intx: Int, msi: Int, msix: Int) { (0, 0, 0) }
    public func setBusMaster(_ on: Bool) throws {}
    public func enableInterrupts(vector: InterruptVector, _ handler: @escaping @Sendable () -> Void) throws { throw gone }
    public func disableInterrupts(vector: InterruptVector) {}
    public func allocateDMA(size: Int, constraints: DMAConstraints) throws -> DMABuffer { throw gone }
    public func freeDMA(_ buffer: DMABuffer) {}
    public func close() {}
}
