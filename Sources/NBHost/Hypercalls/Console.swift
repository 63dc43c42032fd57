import Foundation

/// Console and memory hypercalls (nbshim_hypercall.h). Kernel output goes to standard output,
/// unbuffered, so it interleaves correctly with the host's own lines.
@_cdecl("nbh_console_write")
public func nbh_console_write(_ buf: UnsafePointer<CChar>, _ len: Int) {
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
