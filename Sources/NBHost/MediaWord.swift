import NBPCI

/// An ifmedia(4) word (net/if_media.h: type, subtype, options, mode, instance) with the names
/// ifconfig(8) uses for it, so `nbshim ifmedia` reads and writes what a NetBSD user would type.
public struct MediaWord: Equatable, Sendable, CustomStringConvertible {
    public var value: Int32
    public init(_ value: Int32) { self.value = value }

    static let typeMask: Int32 = 0xe0, subtypeMask: Int32 = 0x1f
    static let optionMask: Int32 = 0x0000_ff00 | 0x0ff0_0000
    static let modeMask: Int32 = 0x0007_0000, modeShift: Int32 = 16
    static let instanceShift: Int32 = 28

    public static let ethernet: Int32 = 0x20, ieee80211: Int32 = 0x80
    static let typeNames: [Int32: String] = [0x20: "Ethernet", 0x40: "Token ring", 0x60: "FDDI", 0x80: "IEEE802.11", 0xc0: "CARP"]

    /// Subtypes every type shares, then each type's own.
    static let sharedSubtypes: [(Int32, [String])] = [(0, ["autoselect", "auto"]), (1, ["manual"]), (2, ["none"])]
    static let subtypes: [Int32: [(Int32, [String])]] = [
        ethernet: [(3, ["10baseT", "10baseT/UTP", "UTP", "10UTP"]), (4, ["10base2", "BNC"]), (5, ["10base5", "AUI"]),
                   (6, ["100baseTX", "100TX"]), (7, ["100baseFX", "100FX"]), (8, ["100baseT4", "100T4"]),
                   (9, ["100baseVG", "100VG"]), (10, ["100baseT2", "100T2"]), (11, ["1000baseSX", "1000SX"]),
                   (12, ["10baseSTP", "STP"]), (13, ["10baseFL", "FL"]), (14, ["1000baseLX", "1000LX"]),
                   (15, ["1000baseCX", "1000CX"]), (16, ["1000baseT", "1000T"]), (17, ["HomePNA1", "HPNA1"]),
                   (18, ["10GbaseLR", "10GLR"]), (19, ["10GbaseSR", "10GSR"]), (20, ["10GbaseCX4", "10GCX4"]),
                   (21, ["2500baseSX", "2500SX"]), (22, ["1000BASE-BX10"]), (23, ["10GbaseTwinax"]),
                   (24, ["10GbaseTwinaxLong"]), (25, ["10GbaseLRM"]), (26, ["10GbaseT"])],
        ieee80211: [(3, ["FH/1Mbps"]), (4, ["FH/2Mbps"]), (5, ["DS/2Mbps"]), (6, ["DS/5.5Mbps"]), (7, ["DS/11Mbps"]),
                    (8, ["DS/1Mbps"]), (9, ["DS/22Mbps"]), (10, ["OFDM/6Mbps"]), (11, ["OFDM/9Mbps"]),
                    (12, ["OFDM/12Mbps"]), (13, ["OFDM/18Mbps"]), (14, ["OFDM/24Mbps"]), (15, ["OFDM/36Mbps"]),
                    (16, ["OFDM/48Mbps"]), (17, ["OFDM/54Mbps"]), (18, ["OFDM/72Mbps"]), (19, ["DS/354Kbps"]),
                    (20, ["DS/512Kbps"]), (21, ["OFDM/3Mbps"]), (22, ["OFDM/4.5Mbps"]), (23, ["OFDM/27Mbps"]),
                    (24, ["HT"])],
    ]
    static let sharedOptions: [(Int32, [String])] = [
        (0x0010_0000, ["full-duplex", "fdx"]), (0x0020_0000, ["half-duplex", "hdx"]), (0x0040_0000, ["flowcontrol", "flow"]),
        (0x0100_0000, ["flag0"]), (0x0200_0000, ["flag1"]), (0x0400_0000, ["flag2"]), (0x0800_0000, ["loopback", "hw-loopback"]),
    ]
    static let options: [Int32: [(Int32, [String])]] = [
        ethernet: [(0x100, ["master"]), (0x200, ["rxpause"]), (0x400, ["txpause"])],
        ieee80211: [(0x100, ["adhoc"]), (0x200, ["hostap"]), (0x400, ["monitor"]), (0x800, ["turbo"]),
                    (0x1000, ["ibss"]), (0x2000, ["wds"]), (0x4000, ["mbss"])],
    ]
    static let modes: [Int32: [(Int32, [String])]] = [
        ieee80211: [(1, ["11a"]), (2, ["11b"]), (3, ["11g"]), (4, ["fh"]), (5, ["11na"]), (6, ["11ng"])],
    ]

    public var type: Int32 { value & Self.typeMask }
    public var subtype: Int32 { value & Self.subtypeMask }
    public var typeName: String { Self.typeNames[type] ?? "type 0x\(String(type, radix: 16))" }

    /// "100baseTX full-duplex", "autoselect mode 11g", "1000baseT full-duplex master instance 1".
    public var description: String {
        let subtypeTable = Self.sharedSubtypes + (Self.subtypes[type] ?? [])
        var words = [subtypeTable.first { $0.0 == subtype }?.1[0] ?? "subtype \(subtype)"]
        var rest = value & Self.optionMask
        for (bit, names) in Self.sharedOptions + (Self.options[type] ?? []) where rest & bit != 0 {
            words.append(names[0])
            rest &= ~bit
        }
        if rest != 0 { words.append("options 0x\(String(rest, radix: 16))") }
        let mode = (value & Self.modeMask) >> Self.modeShift
        if mode != 0 { words += ["mode", Self.modes[type]?.first { $0.0 == mode }?.1[0] ?? "\(mode)"] }
        let instance = Int32(bitPattern: UInt32(bitPattern: value) >> UInt32(Self.instanceShift))
        if instance != 0 { words += ["instance", "\(instance)"] }
        return words.joined(separator: " ")
    }

    /// The word for ifconfig-style names of media type `type`: a subtype, then options, then
    /// optionally "mode NAME" and "instance N" ("100baseTX full-duplex", "autoselect mode 11g").
    public init(parsing names: [String], type: Int32) throws {
        guard let first = names.first else { throw HostError("give a media name, e.g. autoselect or 100baseTX") }
        func lookup(_ table: [(Int32, [String])], _ name: String) -> Int32? {
            table.first { $0.1.contains { $0.caseInsensitiveCompare(name) == .orderedSame } }?.0
        }
        let kind = Self.typeNames[type] ?? "this"
        guard let sub = lookup(Self.sharedSubtypes + (Self.subtypes[type] ?? []), first) else {
            let known = (Self.sharedSubtypes + (Self.subtypes[type] ?? [])).map { $0.1[0] }
            throw HostError("'\(first)' is not \(kind) media: use one of \(known.joined(separator: ", "))")
        }
        var word = type | sub
        var rest = names.dropFirst()[...]
        while let name = rest.popFirst() {
            if name == "mode" || name == "instance" {
                guard let arg = rest.popFirst() else { throw HostError("'\(name)' needs a value") }
                if name == "mode" {
                    guard let m = lookup(Self.modes[type] ?? [], arg) else {
                        throw HostError("'\(arg)' is not a mode of \(kind) media")
                    }
                    word |= m << Self.modeShift
                } else {
                    guard let i = Int32(arg), (0...15).contains(i) else { throw HostError("instance '\(arg)': use 0 to 15") }
                    word |= Int32(bitPattern: UInt32(i) << UInt32(Self.instanceShift))
                }
            } else if let bit = lookup(Self.sharedOptions + (Self.options[type] ?? []), name) {
                word |= bit
            } else {
                let known = (Self.sharedOptions + (Self.options[type] ?? [])).map { $0.1[0] }
                throw HostError("'\(name)' is not a media option of \(kind) media: use \(known.joined(separator: ", "))")
            }
        }
        value = word
    }
}
