/// Writes cpio archives in the "newc" format, the one the Linux kernel unpacks as an initramfs.
/// Each entry: a 110-byte ASCII header ("070701" + 13 eight-digit hex fields), the NUL-terminated
/// name padded to 4 bytes, then the data padded to 4 bytes. A "TRAILER!!!" entry ends the archive.
/// Archives written this way can be concatenated; the kernel unpacks them one after the other.
public struct CPIOArchive {
    public private(set) var bytes: [UInt8] = []
    private var nextInode: UInt32 = 1
    private var finished = false

    public init() {}

    public static let regularFile: UInt32 = 0o100000
    public static let directory: UInt32 = 0o040000
    public static let symlink: UInt32 = 0o120000
    public static let characterDevice: UInt32 = 0o020000

    public mutating func addDirectory(_ path: String, permissions: UInt32 = 0o755) {
        append(path, mode: Self.directory | permissions, data: [], nlink: 2)
    }

    public mutating func addFile(_ path: String, contents: [UInt8], permissions: UInt32 = 0o644) {
        append(path, mode: Self.regularFile | permissions, data: contents)
    }

    public mutating func addSymlink(_ path: String, target: String) {
        append(path, mode: Self.symlink | 0o777, data: Array(target.utf8))
    }

    public mutating func addCharacterDevice(_ path: String, major: UInt32, minor: UInt32,
                                            permissions: UInt32 = 0o600) {
        append(path, mode: Self.characterDevice | permissions, data: [], rdev: (major, minor))
    }

    /// Appends the trailer and returns the finished archive.
    public mutating func finish() -> [UInt8] {
        if !finished {
            appendEntry(name: "TRAILER!!!", ino: 0, mode: 0, nlink: 1, data: [], rdev: (0, 0))
            finished = true
        }
        return bytes
    }

    private mutating func append(_ path: String, mode: UInt32, data: [UInt8], nlink: UInt32 = 1,
                                 rdev: (UInt32, UInt32) = (0, 0)) {
        precondition(!finished, "cpio archive already finished")
        // The kernel wants names relative to the archive root, without a leading slash.
        var name = Substring(path)
        while name.hasPrefix("/") { name = name.dropFirst() }
        precondition(!name.isEmpty, "cpio entry needs a name")
        appendEntry(name: String(name), ino: nextInode, mode: mode, nlink: nlink, data: data, rdev: rdev)
        nextInode += 1
    }

    private mutating func appendEntry(name: String, ino: UInt32, mode: UInt32, nlink: UInt32,
                                      data: [UInt8], rdev: (UInt32, UInt32)) {
        let nameBytes = Array(name.utf8) + [0]
        // ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
        let fields: [UInt32] = [ino, mode, 0, 0, nlink, 0, UInt32(data.count), 0, 0, rdev.0, rdev.1,
                                UInt32(nameBytes.count), 0]
        bytes += Array("070701".utf8)
        for f in fields { bytes += Self.hex8(f) }
        bytes += nameBytes
        pad()
        bytes += data
        pad()
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    private static func hex8(_ v: UInt32) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return (0..<8).reversed().map { digits[Int((v >> (UInt32($0) * 4)) & 0xf)] }
    }
}
