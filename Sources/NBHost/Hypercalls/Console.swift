import Foundation

/// Console and memory hypercalls (host/nbshim_hypercall.h). Kernel output goes to standard output,
/// unbuffered, so it interleaves correctly with the host's own lines; tests can capture it instead.
@_cdecl("nbh_console_write")
public func nbh_console_write(_ buf: UnsafePointer<CChar>, _ len: Int) {
    let bytes = UnsafeRawBufferPointer(start: buf, count: len)
    if KernelConsole.captured(bytes) { return }
    var p = UnsafeRawPointer(buf)
    var left = len
    while left > 0 {
        let n = write(STDOUT_FILENO, p, left)
        if n < 0 { if errno == EINTR { continue }; return }
        p += n
        left -= n
    }
}

@_cdecl("nbh_panic")
public func nbh_panic(_ msg: UnsafePointer<CChar>) -> Never {
    FileHandle.standardError.write(Data("panic: \(String(cString: msg))\n".utf8))
    abort()
}

@_cdecl("nbh_mem_alloc")
public func nbh_mem_alloc(_ size: Int, _ align: Int) -> UnsafeMutableRawPointer? {
    var p: UnsafeMutableRawPointer?
    let alignment = max(align, MemoryLayout<Int>.size * 2)
    guard posix_memalign(&p, alignment, max(size, 1)) == 0 else { return nil }
    return p
}

@_cdecl("nbh_mem_free")
public func nbh_mem_free(_ p: UnsafeMutableRawPointer?, _ size: Int) {
    free(p)
}

/// The kernel console as the host sees it.
public enum KernelConsole {
    private static let lock = NSLock()
    private static var capture: [UInt8]?

    /// Runs `body` with kernel console output collected instead of printed, and returns it.
    /// Output from every kernel thread during `body` is included; captures do not nest.
    public static func capturing(_ body: () throws -> Void) rethrows -> String {
        lock.withLock {
            precondition(capture == nil, "KernelConsole.capturing does not nest")
            capture = []
        }
        defer { lock.withLock { capture = nil } }
        try body()
        return lock.withLock { String(decoding: capture ?? [], as: UTF8.self) }
    }

    fileprivate static func captured(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lock.withLock {
            guard capture != nil else { return false }
            capture!.append(contentsOf: bytes)
            return true
        }
    }
}
