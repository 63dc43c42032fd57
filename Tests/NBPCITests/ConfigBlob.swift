@testable import NBPCI

/// A config-space image for tests, built field by field (little-endian, offsets from the PCI spec).
/// Capabilities are appended from 0x40 and chained in the order added; status bit 4 and the
/// pointer at 0x34 are set by the first one.
struct ConfigBlob {
    var bytes: [UInt8]
    private var nextCap = 0x40
    private var lastCap: Int?
    private var nextExtCap = 0x100
    private var lastExtCap: Int?

    init(vendor: UInt16 = 0x8086, device: UInt16 = 0x100e, classCode: UInt32 = 0x020000, revision: UInt8 = 0,
         headerType: UInt8 = 0, multiFunction: Bool = false, subsystem: PCIID? = nil, size: Int = 256) {
        bytes = [UInt8](repeating: 0, count: size)
        put16(0x00, vendor)
        put16(0x02, device)
        put8(0x08, revision)
        put8(0x09, UInt8(truncatingIfNeeded: classCode))
        put8(0x0a, UInt8(truncatingIfNeeded: classCode >> 8))
        put8(0x0b, UInt8(truncatingIfNeeded: classCode >> 16))
        put8(0x0e, headerType | (multiFunction ? 0x80 : 0))
        if let s = subsystem, headerType == 0 {
            put16(0x2c, s.vendor)
            put16(0x2e, s.device)
        }
    }

    mutating func put8(_ off: Int, _ v: UInt8) { bytes[off] = v }
    mutating func put16(_ off: Int, _ v: UInt16) {
        for i in 0..<2 { bytes[off + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) }
    }
    mutating func put32(_ off: Int, _ v: UInt32) {
        for i in 0..<4 { bytes[off + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) }
    }

    /// The raw BAR register `i` (0x10 + 4i): bit 0 = I/O, bits 2:1 = memory type (2 = 64-bit), bit 3 = prefetchable.
    mutating func bar(_ i: Int, _ raw: UInt32) { put32(0x10 + 4 * i, raw) }

    /// Interrupt pin (1 = INTA#) at 0x3d and line at 0x3c.
    mutating func interrupt(pin: UInt8, line: UInt8) {
        put8(0x3d, pin)
        put8(0x3c, line)
    }

    /// Appends a capability `id` whose bytes after the id/next pair are `body`; returns its offset.
    @discardableResult
    mutating func capability(_ id: UInt8, _ body: [UInt8]) -> Int {
        let off = nextCap
        put8(off, id)
        put8(off + 1, 0)
        for (i, b) in body.enumerated() { put8(off + 2 + i, b) }
        if let last = lastCap { put8(last + 1, UInt8(off)) } else {
            put8(0x34, UInt8(off))
            put16(0x06, UInt16(bytes[0x06]) | UInt16(bytes[0x07]) << 8 | 0x10)
        }
        lastCap = off
        nextCap = (off + 2 + body.count + 3) & ~3
        return off
    }

    /// Power Management: PMC version (bits 2:0) and the PMCSR power state (0 = D0, 3 = D3hot).
    @discardableResult
    mutating func pm(version: UInt16, state: UInt8 = 0) -> Int {
        capability(0x01, le16(version) + [state & 3, 0, 0, 0])
    }

    /// MSI: message control with multiple-message capable = log2(vectors), enabled = log2(enabledVectors).
    @discardableResult
    mutating func msi(vectorsLog2: UInt16, enabledLog2: UInt16 = 0, enabled: Bool = false,
                      is64Bit: Bool = false, maskable: Bool = false) -> Int {
        var ctl = vectorsLog2 << 1 | enabledLog2 << 4
        if enabled { ctl |= 1 }
        if is64Bit { ctl |= 0x80 }
        if maskable { ctl |= 0x100 }
        let rest = 4 + (is64Bit ? 4 : 0) + 2 + 2 + (maskable ? 8 : 0)  // address, data, mask/pending
        return capability(0x05, le16(ctl) + [UInt8](repeating: 0, count: rest))
    }

    /// MSI-X: table size (N, encoded N-1), table and PBA as BIR + 8-byte aligned offset.
    @discardableResult
    mutating func msix(tableSize: UInt16, tableBIR: UInt32, tableOffset: UInt32,
                       pbaBIR: UInt32, pbaOffset: UInt32, enabled: Bool = false, masked: Bool = false) -> Int {
        var ctl = (tableSize - 1) & 0x7ff
        if masked { ctl |= 0x4000 }
        if enabled { ctl |= 0x8000 }
        return capability(0x11, le16(ctl) + le32(tableOffset | tableBIR) + le32(pbaOffset | pbaBIR))
    }

    /// PCI Express: capability version and device/port type (0 = endpoint, 4 = root port ...),
    /// with the link status register (speed code, width) at +0x12.
    @discardableResult
    mutating func pcie(version: UInt16 = 2, portType: UInt16 = 0, linkSpeed: UInt16 = 1, linkWidth: UInt16 = 1) -> Int {
        var body = [UInt8](repeating: 0, count: 0x3a)
        let caps = le16(version | portType << 4)
        body[0] = caps[0]; body[1] = caps[1]
        let link = le16(linkSpeed | linkWidth << 4)
        body[0x10] = link[0]; body[0x11] = link[1]
        return capability(0x10, body)
    }

    /// Appends an extended capability (0x100 and up): header id, version, next pointer in bits 31:20.
    @discardableResult
    mutating func extendedCapability(_ id: UInt16, version: UInt8 = 1, bodySize: Int = 4) -> Int {
        let off = nextExtCap
        put32(off, UInt32(id) | UInt32(version & 0xf) << 16)
        if let last = lastExtCap {
            put32(last, (UInt32(bytes[last]) | UInt32(bytes[last + 1]) << 8 | UInt32(bytes[last + 2]) << 16)
                        | UInt32(off) << 20)
        }
        lastExtCap = off
        nextExtCap = (off + 4 + bodySize + 3) & ~3
        return off
    }

    private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
}
