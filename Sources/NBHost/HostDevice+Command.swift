import NBPCI

extension HostDevice {
    /// Read-modify-writes the COMMAND register as one 16-bit word; no write when nothing changes.
    public func updateCommand(set: PCICommand = [], clear: PCICommand = []) throws {
        let old = PCICommand(rawValue: try configRead(PCICommand.offset, as: UInt16.self))
        let new = old.subtracting(clear).union(set)
        if new != old { try configWrite(PCICommand.offset, new.rawValue) }
    }
}
