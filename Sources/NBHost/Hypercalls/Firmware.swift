import Foundation

/// Firmware hypercalls (host/nbshim_hypercall.h, firmload(9)): an image is the file DRIVER/NAME in
/// the first directory of the search path that has it.
public enum Firmware {
    /// Directories searched in order: those in NBSHIM_FIRMWARE_PATH (colon-separated), then
    /// NetBSD's and Linux's usual places. Settable by the host and by tests.
    nonisolated(unsafe) public static var searchPath: [String] = {
        let env = ProcessInfo.processInfo.environment["NBSHIM_FIRMWARE_PATH"] ?? ""
        return env.split(separator: ":").map(String.init) +
            ["/libdata/firmware", "/usr/libdata/firmware", "/lib/firmware"]
    }()

    /// The file for DRIVER/NAME, or the NetBSD errno why there is none.
    static func locate(driver: String, name: String) -> Result<String, NetBSDErrno> {
        let parts = driver.split(separator: "/", omittingEmptySubsequences: false) +
            name.split(separator: "/", omittingEmptySubsequences: false)
        // Names are plain file names below the search directories, nothing that climbs out.
        guard !name.isEmpty, !driver.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
        else { return .failure(.EINVAL) }
        for dir in searchPath {
            let path = "\(dir)/\(driver)/\(name)"
            if access(path, F_OK) == 0 { return .success(path) }
        }
        return .failure(.ENOENT)
    }
}

/// One open image; the C side holds it as `struct nbh_firmware *`.
final class FirmwareFile {
    let fd: Int32
    let size: UInt64
    init(fd: Int32, size: UInt64) { self.fd = fd; self.size = size }
    deinit { close(fd) }
}

@_cdecl("nbh_firmware_open")
public func nbh_firmware_open(_ driver: UnsafePointer<CChar>, _ name: UnsafePointer<CChar>,
                              _ out: UnsafeMutablePointer<OpaquePointer?>,
                              _ size: UnsafeMutablePointer<UInt64>) -> Int32 {
    switch Firmware.locate(driver: String(cString: driver), name: String(cString: name)) {
    case .failure(let e):
        return e.value
    case .success(let path):
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return NetBSDErrno(linux: errno).value }
        var st = stat()
        guard fstat(fd, &st) == 0 else { let e = errno; close(fd); return NetBSDErrno(linux: e).value }
        guard (st.st_mode & S_IFMT) == S_IFREG else { close(fd); return NetBSDErrno.EFTYPE.value }
        let file = FirmwareFile(fd: fd, size: UInt64(st.st_size))
        out.pointee = OpaquePointer(Unmanaged.passRetained(file).toOpaque())
        size.pointee = file.size
        return 0
    }
}

@_cdecl("nbh_firmware_read")
public func nbh_firmware_read(_ fw: OpaquePointer, _ offset: UInt64, _ buf: UnsafeMutableRawPointer,
                              _ len: Int) -> Int32 {
    let file = Unmanaged<FirmwareFile>.fromOpaque(UnsafeRawPointer(fw)).takeUnretainedValue()
    guard offset <= file.size, UInt64(len) <= file.size - offset else { return NetBSDErrno.EINVAL.value }
    var done = 0
    while done < len {
        let n = pread(file.fd, buf + done, len - done, off_t(offset) + off_t(done))
        if n < 0 {
            if errno == EINTR { continue }
            return NetBSDErrno(linux: errno).value
        }
        if n == 0 { return NetBSDErrno.EIO.value }  // the file shrank under us
        done += n
    }
    return 0
}

@_cdecl("nbh_firmware_close")
public func nbh_firmware_close(_ fw: OpaquePointer) {
    Unmanaged<FirmwareFile>.fromOpaque(UnsafeRawPointer(fw)).release()
}
