/// The COMMAND register, 16 bits at config offset 0x04: what the function may do on the bus.
public struct PCICommand: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Config space offset of the register.
    public static let offset = 0x04

    /// Decodes its I/O BARs.
    public static let ioSpace = PCICommand(rawValue: 1 << 0)
    /// Decodes its memory BARs.
    public static let memorySpace = PCICommand(rawValue: 1 << 1)
    /// May master the bus: DMA and MSI writes.
    public static let busMaster = PCICommand(rawValue: 1 << 2)
    /// Does not assert INTx (MSI is unaffected).
    public static let interruptDisable = PCICommand(rawValue: 1 << 10)
}
