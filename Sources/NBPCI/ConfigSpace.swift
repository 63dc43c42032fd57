/// A decoded snapshot of one function's configuration space (the bytes of sysfs `config`).
/// Every read is bounds-checked: sysfs gives non-root users only the first 64 bytes, and a
/// broken device or file may give fewer, so nothing here may trap on a short or hostile blob.
public struct ConfigSpace: Sendable {
    public let bytes: [UInt8]

    /// Size of the standard header every function has; less than this is not a config space.
    public static let headerSize = 64

    public init(_ bytes: [UInt8]) throws {
        guard bytes.count >= Self.headerSize else {
            throw PCIError("config space is \(bytes.count) bytes, a PCI header needs \(Self.headerSize)")
        }
        self.bytes = bytes
    }

    public func u8(_ off: Int) -> UInt8? { off >= 0 && off < bytes.count ? bytes[off] : nil }
    public func u16(_ off: Int) -> UInt16? {
        guard off >= 0, off + 2 <= bytes.count else { return nil }
        return UInt16(bytes[off]) | UInt16(bytes[off + 1]) << 8
    }
    public func u32(_ off: Int) -> UInt32? {
        guard off >= 0, off + 4 <= bytes.count else { return nil }
        return (0..<4).reduce(0) { $0 | UInt32(bytes[off + $1]) << (8 * $1) }
    }

    // Header fields below all lie inside the 64 bytes the initializer guarantees.
    public var vendorID: UInt16 { u16(0x00)! }
    public var deviceID: UInt16 { u16(0x02)! }
    public var command: UInt16 { u16(0x04)! }
    public var status: UInt16 { u16(0x06)! }
    public var revision: UInt8 { bytes[0x08] }
    public var classCode: UInt32 { u32(0x08)! >> 8 }
    /// 0 = ordinary function, 1 = PCI-to-PCI bridge, 2 = CardBus bridge.
    public var headerType: UInt8 { bytes[0x0e] & 0x7f }
    /// Bit 7 of the header type: function 0 of a device that implements functions 1-7 too.
    public var isMultiFunction: Bool { bytes[0x0e] & 0x80 != 0 }
    public var interruptLine: UInt8 { bytes[0x3c] }
    /// 0 = no INTx pin, 1-4 = INTA#-INTD#.
    public var interruptPin: UInt8 { bytes[0x3d] }

    /// BAR registers this header type has (type 0: six, PCI bridge: two, CardBus: none we decode).
    public var barSlots: Int {
        switch headerType {
        case 0: return 6
        case 1: return 2
        default: return 0
        }
    }

    /// The BARs as the config registers describe them; a 64-bit BAR consumes the next slot,
    /// so `index` values are not necessarily consecutive. All-zero registers are left out.
    public var bars: [BAR] {
        var out: [BAR] = []
        var i = 0
        while i < barSlots {
            let first = i
            let raw = u32(0x10 + 4 * i)!
            i += 1
            if raw & 1 != 0 {
                out.append(BAR(index: first, kind: .io, prefetchable: false, address: UInt64(raw & ~3)))
                continue
            }
            var address = UInt64(raw & ~0xf)
            let kind: BAR.Kind
            switch (raw >> 1) & 3 {
            case 2:
                kind = .memory64
                // The upper half lives in the next slot; a 64-bit type in the last slot has none.
                if i < barSlots {
                    address |= UInt64(u32(0x10 + 4 * i)!) << 32
                    i += 1
                }
            case 1: kind = .memoryBelow1M
            default: kind = .memory32
            }
            if raw == 0 { continue }  // unimplemented (or never programmed) register
            out.append(BAR(index: first, kind: kind, prefetchable: raw & 8 != 0, address: address))
        }
        return out
    }

    /// The expansion ROM enable bit (its address comes from sysfs `resource`).
    public var romEnabled: Bool {
        switch headerType {
        case 0: return bytes[0x30] & 1 != 0
        case 1: return bytes[0x38] & 1 != 0
        default: return false
        }
    }

    /// Walks the capability list from 0x34. Stops, with a note, on a pointer outside the bytes we
    /// have, into the header, or back onto a capability already seen (broken or hostile devices).
    public var capabilities: CapabilityList {
        guard status & 0x10 != 0 else { return CapabilityList(items: [], problem: nil) }
        guard bytes.count > Self.headerSize else {
            return CapabilityList(items: [], problem:
                "unavailable: only the \(bytes.count)-byte header is readable (run as root to read all of config space)")
        }
        var items: [Capability] = []
        var seen = Set<Int>()
        var ptr = Int(bytes[headerType == 2 ? 0x14 : 0x34] & 0xfc)
        while ptr != 0 {
            guard ptr >= Self.headerSize, let id = u8(ptr), let next = u8(ptr + 1) else {
                return CapabilityList(items: items, problem: "capability pointer 0x\(String(ptr, radix: 16)) is outside config space")
            }
            guard seen.insert(ptr).inserted else {
                return CapabilityList(items: items, problem: "capability list loops back to 0x\(String(ptr, radix: 16))")
            }
            items.append(Capability(offset: ptr, id: UInt16(id), extended: false, detail: detail(id: id, at: ptr)))
            ptr = Int(next & 0xfc)
        }
        return CapabilityList(items: items, problem: nil)
    }

    /// PCIe extended capabilities from 0x100; empty when config space is 256 bytes (conventional PCI,
    /// or a PCIe function without ECAM access).
    public var extendedCapabilities: CapabilityList {
        guard let first = u32(0x100), first != 0, first != 0xffff_ffff else { return CapabilityList(items: [], problem: nil) }
        var items: [Capability] = []
        var seen = Set<Int>()
        var ptr = 0x100
        while ptr != 0 {
            guard ptr >= 0x100, let header = u32(ptr) else {
                return CapabilityList(items: items, problem: "extended capability pointer 0x\(String(ptr, radix: 16)) is outside config space")
            }
            guard seen.insert(ptr).inserted else {
                return CapabilityList(items: items, problem: "extended capability list loops back to 0x\(String(ptr, radix: 16))")
            }
            if header == 0 { break }
            items.append(Capability(offset: ptr, id: UInt16(header & 0xffff), extended: true,
                                    detail: .extended(version: UInt8((header >> 16) & 0xf))))
            ptr = Int(header >> 20) & 0xffc
        }
        return CapabilityList(items: items, problem: nil)
    }

    private func detail(id: UInt8, at off: Int) -> Capability.Detail? {
        switch id {
        case 0x01:
            guard let pmc = u16(off + 2), let csr = u16(off + 4) else { return nil }
            return .powerManagement(version: UInt8(pmc & 7), state: UInt8(csr & 3))
        case 0x05:
            guard let ctl = u16(off + 2) else { return nil }
            return .msi(enabled: ctl & 1 != 0, vectors: 1 << ((ctl >> 1) & 7), enabledVectors: 1 << ((ctl >> 4) & 7),
                        is64Bit: ctl & 0x80 != 0, maskable: ctl & 0x100 != 0)
        case 0x10:
            guard let caps = u16(off + 2) else { return nil }
            let type = UInt8((caps >> 4) & 0xf)
            // Root-complex integrated endpoints and event collectors have no link; their link registers mean nothing.
            let link = type == 0x9 || type == 0xa ? nil : u16(off + 0x12)
            return .pciExpress(version: UInt8(caps & 0xf), portType: type,
                               linkSpeed: link.map { UInt8($0 & 0xf) }, linkWidth: link.map { UInt8(($0 >> 4) & 0x3f) })
        case 0x11:
            guard let ctl = u16(off + 2), let table = u32(off + 4), let pba = u32(off + 8) else { return nil }
            return .msix(enabled: ctl & 0x8000 != 0, functionMasked: ctl & 0x4000 != 0, tableSize: Int(ctl & 0x7ff) + 1,
                         tableBIR: Int(table & 7), tableOffset: table & ~7, pbaBIR: Int(pba & 7), pbaOffset: pba & ~7)
        case 0x09:
            guard let len = u8(off + 2) else { return nil }
            return .vendorSpecific(length: len)
        default:
            return nil
        }
    }
}

/// One base address register as config space describes it. Address and size as Linux assigned them
/// come from sysfs `resource` (see `Region`).
public struct BAR: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case io, memory32, memory64, memoryBelow1M
    }
    /// The first register slot (0-5); a 64-bit BAR also occupies `index + 1`.
    public var index: Int
    public var kind: Kind
    public var prefetchable: Bool
    /// The address programmed in the register(s), type bits masked off.
    public var address: UInt64
}

public struct CapabilityList: Sendable {
    public var items: [Capability]
    /// Why the walk stopped early, or why no capabilities could be read; nil when the list is whole.
    public var problem: String?
}

public struct Capability: Sendable, Equatable {
    public enum Detail: Sendable, Equatable {
        /// PMC version (bits 2:0) and current power state D0-D3hot.
        case powerManagement(version: UInt8, state: UInt8)
        /// Vectors the function can request (1 << MMC) and has been granted (1 << MME).
        case msi(enabled: Bool, vectors: Int, enabledVectors: Int, is64Bit: Bool, maskable: Bool)
        /// Table size is the encoded N-1 plus one; offsets are into the BAR named by the BIR.
        case msix(enabled: Bool, functionMasked: Bool, tableSize: Int, tableBIR: Int, tableOffset: UInt32,
                  pbaBIR: Int, pbaOffset: UInt32)
        /// Device/port type (0 endpoint, 4 root port ...) and the negotiated link, when the register is there.
        case pciExpress(version: UInt8, portType: UInt8, linkSpeed: UInt8?, linkWidth: UInt8?)
        case vendorSpecific(length: UInt8)
        case extended(version: UInt8)
    }

    public var offset: Int
    /// The 8-bit id of a standard capability or the 16-bit id of an extended one.
    public var id: UInt16
    public var extended: Bool
    /// Decoded fields for the kinds we understand; nil for the rest or when the body is cut off.
    public var detail: Detail?

    public var name: String { extended ? PCINames.extendedCapability(id) : PCINames.capability(UInt8(id)) }
}
