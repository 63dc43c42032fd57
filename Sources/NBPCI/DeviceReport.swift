import Foundation
import NBSystem
import SystemPackage

/// `-d VENDOR:DEVICE` as lspci takes it: either side may be empty (`8086:` or `:100e`).
public struct IDFilter: Sendable, Equatable {
    public var vendor: UInt16?
    public var device: UInt16?

    public init(_ text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        func field(_ s: Substring) -> UInt16?? {
            if s.isEmpty { return .some(nil) }
            guard s.count <= 4, let v = UInt16(s, radix: 16) else { return nil }
            return .some(v)
        }
        guard parts.count == 2, let v = field(parts[0]), let d = field(parts[1]), v != nil || d != nil else {
            throw PCIError("-d '\(text)': expected VENDOR:DEVICE in hex, e.g. 8086:100e, 8086: or :100e")
        }
        vendor = v
        device = d
    }

    public func matches(_ id: PCIID) -> Bool {
        (vendor == nil || vendor == id.vendor) && (device == nil || device == id.device)
    }
}

/// `-s BDF`: a full address matches one function; the short `BB:DD.F` matches it in every domain, as lspci does.
public struct SlotFilter: Sendable, Equatable {
    public var address: PCIAddress
    public var anyDomain: Bool

    public init(_ text: String) throws {
        guard let a = PCIAddress(text) else {
            throw PCIError("-s '\(text)': expected a PCI address DDDD:BB:DD.F or BB:DD.F, e.g. 0000:00:03.0 or 00:03.0")
        }
        address = a
        anyDomain = text.split(separator: ":", omittingEmptySubsequences: false).count == 2
    }

    public func matches(_ a: PCIAddress) -> Bool {
        anyDomain ? (a.bus, a.device, a.function) == (address.bus, address.device, address.function) : a == address
    }
}

/// Everything `nbshim list` says about one function; also its `--json` form (keys are stable:
/// the identification keys are always present, null when absent; the verbose ones appear with -v).
public struct DeviceReport: Codable, Equatable, Sendable {
    public var address: String
    public var domain: Int
    public var bus: Int
    public var device: Int
    public var function: Int
    /// Four lower-case hex digits, as lspci prints ids.
    public var vendorID: String
    public var deviceID: String
    /// Six hex digits: base class, subclass, programming interface.
    public var classCode: String
    public var className: String
    public var revision: Int
    public var subsystemVendorID: String?
    public var subsystemDeviceID: String?
    public var driver: String?
    public var iommuGroup: Int?

    // With -v, from config space and sysfs `resource`/`irq`.
    public var headerType: Int?
    public var multiFunction: Bool?
    public var interrupt: Interrupt?
    public var regions: [Region]?
    public var expansionROM: Region?
    public var capabilities: [CapabilityReport]?
    /// Why capabilities are missing or incomplete (short config space, broken list).
    public var capabilityProblem: String?
    /// Why config space could not be decoded; the identification above still comes from sysfs.
    public var error: String?

    public struct Interrupt: Codable, Equatable, Sendable {
        /// "A"-"D".
        public var pin: String
        /// The line register (0x3c) firmware programmed.
        public var line: Int
        /// The IRQ Linux routed it to (sysfs `irq`), when known.
        public var irq: Int?
    }

    public struct Region: Codable, Equatable, Sendable {
        /// BAR slot; 6 for the expansion ROM.
        public var index: Int
        /// "io", "memory32", "memory64", "memoryBelow1M" (or "rom").
        public var kind: String
        public var prefetchable: Bool
        /// Hex start address as Linux assigned it; nil when unassigned.
        public var address: String?
        public var size: UInt64?
        /// Only for the ROM: its enable bit.
        public var enabled: Bool?
    }

    public struct CapabilityReport: Codable, Equatable, Sendable {
        public var offset: Int
        public var id: Int
        public var name: String
        public var extended: Bool
        public var version: Int?
        public var powerState: String?
        public var enabled: Bool?
        public var vectors: Int?
        public var enabledVectors: Int?
        public var is64Bit: Bool?
        public var maskable: Bool?
        public var functionMasked: Bool?
        public var tableSize: Int?
        public var tableBIR: Int?
        public var tableOffset: Int?
        public var pbaBIR: Int?
        public var pbaOffset: Int?
        public var portType: String?
        public var linkSpeed: String?
        public var linkWidth: Int?
        public var length: Int?
    }

    private enum CodingKeys: String, CodingKey {
        case address, domain, bus, device, function, vendorID, deviceID, classCode, className, revision
        case subsystemVendorID, subsystemDeviceID, driver, iommuGroup
        case headerType, multiFunction, interrupt, regions, expansionROM, capabilities, capabilityProblem, error
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address)
        try c.encode(domain, forKey: .domain)
        try c.encode(bus, forKey: .bus)
        try c.encode(device, forKey: .device)
        try c.encode(function, forKey: .function)
        try c.encode(vendorID, forKey: .vendorID)
        try c.encode(deviceID, forKey: .deviceID)
        try c.encode(classCode, forKey: .classCode)
        try c.encode(className, forKey: .className)
        try c.encode(revision, forKey: .revision)
        try c.encode(subsystemVendorID, forKey: .subsystemVendorID)
        try c.encode(subsystemDeviceID, forKey: .subsystemDeviceID)
        try c.encode(driver, forKey: .driver)
        try c.encode(iommuGroup, forKey: .iommuGroup)
        try c.encodeIfPresent(headerType, forKey: .headerType)
        try c.encodeIfPresent(multiFunction, forKey: .multiFunction)
        try c.encodeIfPresent(interrupt, forKey: .interrupt)
        try c.encodeIfPresent(regions, forKey: .regions)
        try c.encodeIfPresent(expansionROM, forKey: .expansionROM)
        try c.encodeIfPresent(capabilities, forKey: .capabilities)
        try c.encodeIfPresent(capabilityProblem, forKey: .capabilityProblem)
        try c.encodeIfPresent(error, forKey: .error)
    }
}

extension DeviceReport {
    /// The identification facts (sysfs attributes only); `verbose` adds the config-space decode.
    /// A config space that cannot be read or decoded sets `error` instead of throwing.
    public init(_ d: PCIDevice, verbose: Bool) {
        address = d.address.description
        domain = Int(d.address.domain)
        bus = Int(d.address.bus)
        device = Int(d.address.device)
        function = Int(d.address.function)
        vendorID = hex4(d.id.vendor)
        deviceID = hex4(d.id.device)
        classCode = hexDigits(UInt64(d.classCode), 6)
        className = PCINames.className(d.classCode)
        revision = Int(d.revision)
        subsystemVendorID = d.subsystem.map { hex4($0.vendor) }
        subsystemDeviceID = d.subsystem.map { hex4($0.device) }
        driver = d.driver
        iommuGroup = d.iommuGroup
        guard verbose else { return }
        do {
            try addConfig(ConfigSpace(try readFile(d.path + "/config")), device: d)
        } catch {
            self.error = "\(d.address): \(error)"
        }
    }

    private mutating func addConfig(_ cfg: ConfigSpace, device d: PCIDevice) {
        headerType = Int(cfg.headerType)
        multiFunction = cfg.isMultiFunction
        if (1...4).contains(cfg.interruptPin) {
            let irq = SysFile.text(d.path + "/irq").flatMap { Int($0) }
            interrupt = Interrupt(pin: String(UnicodeScalar(UInt8(ascii: "A") + cfg.interruptPin - 1)),
                                  line: Int(cfg.interruptLine), irq: irq)
        }
        let resources = readResources(d.path + "/resource")
        regions = Self.regions(bars: cfg.bars, slots: cfg.barSlots, resources: resources)
        if resources.count > 6, resources[6].flags != 0 {
            let r = resources[6]
            let assigned = r.end > r.start
            expansionROM = Region(index: 6, kind: "rom", prefetchable: false,
                                  address: assigned ? hexDigits(r.start, 8) : nil,
                                  size: assigned ? r.end - r.start + 1 : nil, enabled: cfg.romEnabled)
        }
        let caps = cfg.capabilities
        let ext = cfg.extendedCapabilities
        capabilities = (caps.items + ext.items).map(Self.capabilityReport)
        capabilityProblem = caps.problem ?? ext.problem
    }

    /// Merges what config space says (type, prefetchable) with what Linux assigned (address, size).
    static func regions(bars: [BAR], slots: Int, resources: [ResourceLine]) -> [Region] {
        var out: [Region] = []
        var i = 0
        while i < slots {
            let res = i < resources.count ? resources[i] : ResourceLine(start: 0, end: 0, flags: 0)
            let bar = bars.first { $0.index == i }
            let kind: BAR.Kind
            let prefetchable: Bool
            if let bar {
                (kind, prefetchable) = (bar.kind, bar.prefetchable)
            } else if res.flags & 0x100 != 0 {
                (kind, prefetchable) = (.io, false)
            } else if res.flags & 0x200 != 0 {
                (kind, prefetchable) = (res.flags & 0x100000 != 0 ? .memory64 : .memory32, res.flags & 0x2000 != 0)
            } else {
                i += 1
                continue
            }
            // A one-byte region (legacy IDE control port) has end == start; all zeros means none.
            let assigned = res.flags != 0 && res.end >= res.start && (res.start, res.end) != (0, 0)
            out.append(Region(index: i, kind: kind.rawValue, prefetchable: prefetchable,
                              address: assigned ? hexDigits(res.start, kind == .io ? 4 : 8) : nil,
                              size: assigned ? res.end - res.start + 1 : nil, enabled: nil))
            i += kind == .memory64 ? 2 : 1
        }
        return out
    }

    static func capabilityReport(_ c: Capability) -> CapabilityReport {
        var r = CapabilityReport(offset: c.offset, id: Int(c.id), name: c.name, extended: c.extended)
        switch c.detail {
        case let .powerManagement(version, state)?:
            r.version = Int(version)
            r.powerState = state == 3 ? "D3hot" : "D\(state)"
        case let .msi(enabled, vectors, enabledVectors, is64Bit, maskable)?:
            (r.enabled, r.vectors, r.enabledVectors, r.is64Bit, r.maskable) = (enabled, vectors, enabledVectors, is64Bit, maskable)
        case let .msix(enabled, masked, size, tableBIR, tableOffset, pbaBIR, pbaOffset)?:
            (r.enabled, r.functionMasked, r.tableSize) = (enabled, masked, size)
            (r.tableBIR, r.tableOffset, r.pbaBIR, r.pbaOffset) = (tableBIR, Int(tableOffset), pbaBIR, Int(pbaOffset))
        case let .pciExpress(version, portType, speed, width)?:
            r.version = Int(version)
            r.portType = PCINames.expressPortType(portType)
            if let speed, speed != 0 {
                r.linkSpeed = PCINames.linkSpeed(speed)
                r.linkWidth = width.map(Int.init)
            }
        case let .vendorSpecific(length)?:
            r.length = Int(length)
        case let .extended(version)?:
            r.version = Int(version)
        case nil:
            break
        }
        return r
    }
}

extension DeviceReport.CapabilityReport {
    init(offset: Int, id: Int, name: String, extended: Bool) {
        self.offset = offset
        self.id = id
        self.name = name
        self.extended = extended
    }
}

// MARK: - Text, lspci -nnk style

extension DeviceReport {
    /// The device's lines; detail lines start with a tab as in lspci.
    public func text(verbose: Bool) -> String {
        var lines: [String] = []
        let cls = classCode.prefix(4)
        var head = "\(address) \(className) [\(cls)]: \(vendorID):\(deviceID)"
        if revision != 0 { head += " (rev \(hexDigits(UInt64(revision), 2)))" }
        if verbose, classCode.suffix(2) != "00" { head += " (prog-if \(classCode.suffix(2)))" }
        lines.append(head)
        // As lspci: a zero or all-ones subsystem vendor means the function has none.
        if let sv = subsystemVendorID, let sd = subsystemDeviceID, sv != "0000", sv != "ffff" {
            lines.append("\tSubsystem: \(sv):\(sd)")
        }
        if verbose, error == nil {
            if let h = headerType {
                let name = [0: "normal", 1: "PCI-to-PCI bridge", 2: "CardBus bridge"][h] ?? "unknown"
                lines.append("\tHeader type: \(h) (\(name))" + (multiFunction == true ? ", multi-function" : ""))
            }
            if let i = interrupt {
                lines.append("\tInterrupt: pin \(i.pin) routed to IRQ \(i.irq ?? i.line)")
            }
            for r in regions ?? [] { lines.append("\t" + r.text) }
            if let rom = expansionROM { lines.append("\t" + rom.text) }
            for c in capabilities ?? [] { lines.append(contentsOf: c.text.map { "\t" + $0 }) }
            if let p = capabilityProblem { lines.append("\tCapabilities: <\(p)>") }
        }
        if let d = driver { lines.append("\tKernel driver in use: \(d)") }
        if let g = iommuGroup { lines.append("\tIOMMU group: \(g)") }
        return lines.joined(separator: "\n")
    }
}

extension DeviceReport.Region {
    var text: String {
        let sizeText = size.map { " [size=\(formatSize($0))]" } ?? ""
        let at = address ?? "<unassigned>"
        switch kind {
        case "io":
            return "Region \(index): I/O ports at \(at)\(sizeText)"
        case "rom":
            return "Expansion ROM at \(at)" + (enabled == true ? "" : " [disabled]") + sizeText
        default:
            let width = ["memory64": "64-bit", "memoryBelow1M": "low-1M"][kind] ?? "32-bit"
            return "Region \(index): Memory at \(at) (\(width), \(prefetchable ? "" : "non-")prefetchable)\(sizeText)"
        }
    }
}

extension DeviceReport.CapabilityReport {
    /// First line is the capability; further lines are its details.
    var text: [String] {
        let tag = extended ? "[\(String(offset, radix: 16)) v\(version ?? 0)]" : "[\(String(offset, radix: 16))]"
        func flag(_ b: Bool?) -> String { b == true ? "+" : "-" }
        switch (id, extended) {
        case (0x01, false):
            return ["Capabilities: \(tag) \(name) version \(version ?? 0)" + (powerState.map { ", state \($0)" } ?? "")]
        case (0x05, false) where vectors != nil:
            return ["Capabilities: \(tag) MSI: Enable\(flag(enabled)) Count=\(enabledVectors ?? 0)/\(vectors ?? 0) "
                    + "Maskable\(flag(maskable)) 64bit\(flag(is64Bit))"]
        case (0x11, false) where tableSize != nil:
            return ["Capabilities: \(tag) MSI-X: Enable\(flag(enabled)) Count=\(tableSize ?? 0) Masked\(flag(functionMasked))",
                    "\tVector table: BAR=\(tableBIR ?? 0) offset=\(hexDigits(UInt64(tableOffset ?? 0), 8))",
                    "\tPBA: BAR=\(pbaBIR ?? 0) offset=\(hexDigits(UInt64(pbaOffset ?? 0), 8))"]
        case (0x10, false) where portType != nil:
            var out = ["Capabilities: \(tag) Express (v\(version ?? 0)) \(portType ?? "")"]
            if let s = linkSpeed { out.append("\tLink: speed \(s), width x\(linkWidth ?? 0)") }
            return out
        case (0x09, false) where length != nil:
            return ["Capabilities: \(tag) Vendor Specific Information: Len=\(hexDigits(UInt64(length ?? 0), 2))"]
        default:
            return ["Capabilities: \(tag) \(name)"]
        }
    }
}

// MARK: - Listing

/// One run of `nbshim list`: the matching functions in address order, and the per-device errors
/// (one line each) that did not stop the listing.
public struct DeviceListing: Sendable {
    public var reports: [DeviceReport] = []
    public var errors: [String] = []

    public init(paths: HostPaths = .live, ids: IDFilter? = nil, slot: SlotFilter? = nil, verbose: Bool) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: paths.pciDevices) } catch {
            throw PCIError("cannot read \(paths.pciDevices): is sysfs mounted?")
        }
        for a in names.compactMap(PCIAddress.init).sorted() where slot?.matches(a) ?? true {
            let d: PCIDevice
            do { d = try PCIDevice(a, paths: paths) } catch {
                errors.append("\(a): \(error)")
                continue
            }
            guard ids?.matches(d.id) ?? true else { continue }
            let r = DeviceReport(d, verbose: verbose)
            if let e = r.error { errors.append(e) }
            reports.append(r)
        }
    }

    public func text(verbose: Bool) -> String {
        reports.map { $0.text(verbose: verbose) + "\n" + (verbose ? "\n" : "") }.joined()
    }

    /// A JSON array, keys sorted so output is byte-stable.
    public func json() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(reports), as: UTF8.self) + "\n"
    }
}

// MARK: - Helpers

/// One line of sysfs `resource`: start, end (inclusive), IORESOURCE_* flags
/// (IO 0x100, MEM 0x200, PREFETCH 0x2000, MEM_64 0x100000).
struct ResourceLine: Equatable {
    var start: UInt64
    var end: UInt64
    var flags: UInt64
}

/// Missing or unparsable lines read as empty: regions then show without address and size.
func readResources(_ path: String) -> [ResourceLine] {
    guard let text = SysFile.text(path) else { return [] }
    return text.split(separator: "\n").map { line in
        let f = line.split(separator: " ").map { s -> UInt64 in
            UInt64(s.hasPrefix("0x") ? s.dropFirst(2) : s, radix: 16) ?? 0
        }
        return f.count == 3 ? ResourceLine(start: f[0], end: f[1], flags: f[2]) : ResourceLine(start: 0, end: 0, flags: 0)
    }
}

/// Reads a whole (sysfs) file, saying why when it cannot.
func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw PCIError("cannot read \(path)", errno: .last) }
    defer { close(fd) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { throw PCIError("cannot read \(path)", errno: .last) }
        if n == 0 { return out }
        out += buf[0..<n]
    }
}

func hexDigits(_ v: UInt64, _ width: Int) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}

/// lspci's size style: whole K/M/G/T units when the size divides evenly, else bytes.
func formatSize(_ size: UInt64) -> String {
    var v = size
    for unit in ["", "K", "M", "G"] {
        if v % 1024 != 0 || v == 0 { return "\(v)\(unit)" }
        v /= 1024
    }
    return "\(v)T"
}
