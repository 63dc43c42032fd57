import Foundation

/// Just enough of 64-bit little-endian ELF to check a static busybox and an extracted kernel.
struct ELFFile {
    struct ProgramHeader {
        var type: Int, offset: Int, fileSize: Int
    }

    let bytes: [UInt8]
    let programHeaders: [ProgramHeader]

    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 64, bytes[0..<4].elementsEqual([0x7f, 0x45, 0x4c, 0x46]),
              bytes[4] == 2, bytes[5] == 1 else { return nil }
        func u(_ off: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(bytes[off + $1]) << (8 * $1) } }
        let phoff = u(0x20, 8), phentsize = u(0x36, 2), phnum = u(0x38, 2)
        guard phentsize >= 0x28, phoff + phnum * phentsize <= bytes.count else { return nil }
        self.bytes = bytes
        programHeaders = (0..<phnum).map {
            let h = phoff + $0 * phentsize
            return ProgramHeader(type: u(h, 4), offset: u(h + 8, 8), fileSize: u(h + 0x20, 8))
        }
    }

    static let ptInterp = 3, ptNote = 4

    /// No program interpreter: runs without a dynamic loader or libc on disk.
    static func isStatic(_ path: String) -> Bool {
        guard let d = FileManager.default.contents(atPath: path), let elf = ELFFile([UInt8](d)) else { return false }
        return !elf.programHeaders.contains { $0.type == ptInterp }
    }

    /// Every segment lies inside the file: a decompressor that stopped early would leave it short.
    var isComplete: Bool { programHeaders.allSatisfy { $0.offset + $0.fileSize <= bytes.count } }

    /// Whether a note named `owner` with `type` exists (4-byte aligned namesz/descsz/type records).
    func hasNote(owner: String, type: Int) -> Bool {
        func u32(_ off: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[off + $1]) << (8 * $1) } }
        let name = Array(owner.utf8) + [0]
        for ph in programHeaders where ph.type == Self.ptNote && ph.offset + ph.fileSize <= bytes.count {
            var p = ph.offset
            let end = ph.offset + ph.fileSize
            while p + 12 <= end {
                let namesz = u32(p), descsz = u32(p + 4), t = u32(p + 8)
                let nameStart = p + 12
                if t == type, namesz == name.count, nameStart + namesz <= end,
                   bytes[nameStart..<(nameStart + namesz)].elementsEqual(name) { return true }
                p = nameStart + (namesz + 3) / 4 * 4 + (descsz + 3) / 4 * 4
            }
        }
        return false
    }
}
