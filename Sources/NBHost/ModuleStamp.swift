import CNetBSDShim
import Foundation
import NBPCI

/// The ABI stamp of a driver module (host/nbshim_abi.h): the version of the kernel headers it was
/// compiled against, from the ELF note NBSHIM_IOCONF puts in it. Read from the file, before the
/// module is loaded: loading runs its constructors, which register its drivers.
public enum ModuleStamp {
    /// This nbshim's module ABI.
    public static let current = UInt32(NBSHIM_ABI_VERSION)

    /// Throws, in one line naming both versions, unless the module at `path` carries this nbshim's stamp.
    public static func check(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HostError("cannot read module \(path)")
        }
        switch try version(in: [UInt8](data), path) {
        case current?: return
        case let v?:
            throw HostError("module \(path) was built for nbshim module ABI \(v), this nbshim has ABI \(current): rebuild it with this nbshim's `nbshim build`")
        case nil:
            throw HostError("module \(path) has no nbshim ABI stamp (built before stamps, or not by `nbshim build`), this nbshim has ABI \(current): rebuild it with this nbshim's `nbshim build`")
        }
    }

    /// The version in the module's PT_NOTE segments, nil when none carries the nbshim note.
    static func version(in f: [UInt8], _ path: String) throws -> UInt32? {
        func u16(_ o: Int) -> Int { o + 2 <= f.count ? Int(f[o]) | Int(f[o + 1]) << 8 : 0 }
        func u32(_ o: Int) -> Int { o + 4 <= f.count ? u16(o) | u16(o + 2) << 16 : 0 }
        func u64(_ o: Int) -> Int { o + 8 <= f.count ? u32(o) | u32(o + 4) << 32 : 0 }
        guard f.count >= 64, f[0..<4] == [0x7f, 0x45, 0x4c, 0x46], f[4] == 2, f[5] == 1 else {
            throw HostError("module \(path) is not a 64-bit little-endian ELF shared object")
        }
        let phoff = u64(0x20), phentsize = u16(0x36), phnum = u16(0x38)
        let owner = Array(NBSHIM_ABI_NOTE_OWNER.utf8) + [0]
        for i in 0..<phnum {
            let ph = phoff + i * phentsize
            guard u32(ph) == 4 else { continue }             // PT_NOTE
            var o = u64(ph + 8)
            let end = min(o + u64(ph + 0x20), f.count)
            while o + 12 <= end {
                let namesz = u32(o), descsz = u32(o + 4), type = u32(o + 8)
                let name = o + 12, desc = name + (namesz + 3) & ~3
                if namesz == owner.count, desc + 4 <= end, Array(f[name..<name + namesz]) == owner,
                   type == Int(NBSHIM_ABI_NOTE_TYPE), descsz == 4 {
                    return UInt32(u32(desc))
                }
                o = desc + (descsz + 3) & ~3
            }
        }
        return nil
    }
}
