import NBPCI

/// Defaults for backends whose memory BARs are all mappable and that deliver INTx only (uio).
extension HostDevice {
    public var dmaSpace: DMASpace { .device(ObjectIdentifier(self)) }

    public func barRead(_ index: Int, _ offset: Int, width: Int) throws -> UInt64 {
        switch width {
        case 1: return UInt64(try ioRead(bar: index, offset, as: UInt8.self))
        case 2: return UInt64(try ioRead(bar: index, offset, as: UInt16.self))
        case 4: return UInt64(try ioRead(bar: index, offset, as: UInt32.self))
        default: throw HostError("I/O access of \(width) bytes on BAR \(index) of \(address): port I/O is 1, 2 or 4 bytes")
        }
    }

    public func barWrite(_ index: Int, _ offset: Int, width: Int, _ value: UInt64) throws {
        switch width {
        case 1: try ioWrite(bar: index, offset, UInt8(truncatingIfNeeded: value))
        case 2: try ioWrite(bar: index, offset, UInt16(truncatingIfNeeded: value))
        case 4: try ioWrite(bar: index, offset, UInt32(truncatingIfNeeded: value))
        default: throw HostError("I/O access of \(width) bytes on BAR \(index) of \(address): port I/O is 1, 2 or 4 bytes")
        }
    }

    public func interruptCounts() throws -> (intx: Int, msi: Int, msix: Int) {
        (try configRead(0x3d, as: UInt8.self) != 0 ? 1 : 0, 0, 0)
    }
}
