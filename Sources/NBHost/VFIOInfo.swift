import CLinuxVFIO
import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// vfio's variable-length info answers: a structure that starts with `argsz`, possibly followed by
/// a chain of capabilities (vfio_info_cap_header: id, version, offset of the next). The kernel
/// says how big a buffer it needs by raising argsz; we ask again with that much.
struct VFIOInfo {
    let bytes: [UInt8]

    /// `prepare` fills the request (argsz is set here), `call` is the ioctl wrapper.
    init(size: Int, what: @autoclosure () -> String, prepare: (UnsafeMutableRawPointer) -> Void = { _ in },
         _ call: (UnsafeMutableRawPointer) -> Int32) throws {
        var capacity = size
        while true {
            var buffer = [UInt8](repeating: 0, count: capacity)
            let (rc, needed): (Int32, Int) = buffer.withUnsafeMutableBytes { raw in
                prepare(raw.baseAddress!)
                raw.storeBytes(of: UInt32(capacity), as: UInt32.self)
                let rc = call(raw.baseAddress!)
                return (rc, Int(raw.load(as: UInt32.self)))
            }
            guard rc == 0 else { throw HostError("\(what()) failed", errno: .last) }
            if needed <= capacity {
                bytes = buffer
                return
            }
            capacity = needed
        }
    }

    func load<T>(_ offset: Int, as: T.Type) -> T {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }

    /// Offsets of the capabilities with `id`, following the chain from `first` (0: none).
    func capabilities(id: UInt16, first: UInt32) -> [Int] {
        var found: [Int] = []
        var next = Int(first)
        var seen = Set<Int>()
        while next != 0, next + 8 <= bytes.count, seen.insert(next).inserted {
            if load(next, as: UInt16.self) == id { found.append(next) }
            next = Int(load(next + 4, as: UInt32.self))
        }
        return found
    }
}
