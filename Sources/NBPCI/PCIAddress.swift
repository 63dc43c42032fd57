/// A PCI function address, `domain:bus:device.function` as Linux spells it (0000:00:03.0).
public struct PCIAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var domain: UInt32
    public var bus: UInt8
    public var device: UInt8
    public var function: UInt8

    public init(domain: UInt32 = 0, bus: UInt8, device: UInt8, function: UInt8) {
        self.domain = domain
        self.bus = bus
        self.device = device
        self.function = function
    }

    /// Parses `DDDD:BB:DD.F` or the short `BB:DD.F` (domain 0), as lspci accepts.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let domainText: Substring
        let busText: Substring
        let slotText: Substring
        switch parts.count {
        case 3: (domainText, busText, slotText) = (parts[0], parts[1], parts[2])
        case 2: (domainText, busText, slotText) = ("0", parts[0], parts[1])
        default: return nil
        }
        let slot = slotText.split(separator: ".", omittingEmptySubsequences: false)
        guard slot.count == 2, !domainText.isEmpty, domainText.count <= 8, busText.count <= 2,
              slot[0].count <= 2, slot[1].count == 1,
              let domain = UInt32(domainText, radix: 16), let bus = UInt8(busText, radix: 16),
              let device = UInt8(slot[0], radix: 16), let function = UInt8(slot[1], radix: 16),
              device < 32, function < 8
        else { return nil }
        self.init(domain: domain, bus: bus, device: device, function: function)
    }

    public var description: String {
        func hex(_ v: UInt64, _ width: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(hex(UInt64(domain), 4)):\(hex(UInt64(bus), 2)):\(hex(UInt64(device), 2)).\(function)"
    }

    public static func < (a: PCIAddress, b: PCIAddress) -> Bool {
        (a.domain, a.bus, a.device, a.function) < (b.domain, b.bus, b.device, b.function)
    }
}

/// A `VENDOR:DEVICE` id pair as given on the command line (8086:100e).
public struct PCIID: Hashable, Sendable, CustomStringConvertible {
    public var vendor: UInt16
    public var device: UInt16

    public init(vendor: UInt16, device: UInt16) {
        self.vendor = vendor
        self.device = device
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 4,
              let v = UInt16(parts[0], radix: 16), let d = UInt16(parts[1], radix: 16) else { return nil }
        self.init(vendor: v, device: d)
    }

    public var description: String { "\(hex4(vendor)):\(hex4(device))" }
}

/// Four lower-case hex digits, the way lspci prints ids.
public func hex4(_ v: UInt16) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 4 - s.count) + s
}

/// 0x-prefixed, at least 8 hex digits: how addresses appear in errors (0x0fffffff).
public func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}
