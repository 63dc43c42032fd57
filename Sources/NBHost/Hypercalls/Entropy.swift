import Glibc

/// Entropy hypercall (host/nbshim_hypercall.h): cprng(9) draws from Linux's CSPRNG (getentropy, i.e.
/// getrandom(2) in chunks of at most 256 bytes), which blocks only until the host's pool is first
/// seeded.
@_cdecl("nbh_entropy")
public func nbh_entropy(_ buf: UnsafeMutableRawPointer?, _ len: Int) -> Int32 {
    guard let buf else { return len == 0 ? 0 : NetBSDErrno.EINVAL.value }
    var done = 0
    while done < len {
        let n = min(256, len - done)
        if getentropy(buf + done, n) != 0 { return NetBSDErrno(linux: errno).value }
        done += n
    }
    return 0
}
