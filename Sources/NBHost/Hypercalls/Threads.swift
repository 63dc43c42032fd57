import CNetBSDShim
import Glibc

/// Thread hypercalls (host/nbshim_hypercall.h): kernel threads are plain pthreads, named for gdb and
/// `ps -L`. A handle is a heap-allocated pthread_t; a detached thread (out == NULL) has none.
private struct ThreadStart {
    var fn: @convention(c) (UnsafeMutableRawPointer?) -> Void
    var arg: UnsafeMutableRawPointer?
    /// Linux thread names hold 15 bytes plus the terminator.
    var name: (UInt64, UInt64) = (0, 0)
}

@_cdecl("nbh_thread_create")
public func nbh_thread_create(_ fn: (@convention(c) (UnsafeMutableRawPointer?) -> Void)?,
                              _ arg: UnsafeMutableRawPointer?, _ name: UnsafePointer<CChar>?,
                              _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard let fn else { return NetBSDErrno.EINVAL.value }
    let start = UnsafeMutablePointer<ThreadStart>.allocate(capacity: 1)
    start.initialize(to: ThreadStart(fn: fn, arg: arg))
    if let name {
        withUnsafeMutableBytes(of: &start.pointee.name) { buf in
            let n = min(strlen(name), buf.count - 1)
            buf.copyMemory(from: UnsafeRawBufferPointer(start: name, count: n))
        }
    }
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    if out == nil { pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED)) }
    var tid = pthread_t()
    let rc = pthread_create(&tid, &attr, { raw in
        let start = raw!.assumingMemoryBound(to: ThreadStart.self)
        let s = start.pointee
        start.deallocate()
        setThreadName(s.name)
        s.fn(s.arg)
        return nil
    }, start)
    guard rc == 0 else {
        start.deallocate()
        return NetBSDErrno(linux: rc).value
    }
    if let out {
        let handle = UnsafeMutablePointer<pthread_t>.allocate(capacity: 1)
        handle.initialize(to: tid)
        out.pointee = OpaquePointer(handle)
    }
    return 0
}

/// pthread_setname_np is not visible to Swift (a _GNU_SOURCE extension); this is its Linux body.
private func setThreadName(_ name: (UInt64, UInt64)) {
    withUnsafeBytes(of: name) { buf in
        let n = strnlen(buf.baseAddress!.assumingMemoryBound(to: CChar.self), buf.count)
        guard n > 0 else { return }
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, buf.baseAddress, n)
        close(fd)
    }
}

@_cdecl("nbh_thread_join")
public func nbh_thread_join(_ t: OpaquePointer?) {
    let handle = UnsafeMutablePointer<pthread_t>(t!)
    pthread_join(handle.pointee, nil)
    handle.deallocate()
}

@_cdecl("nbh_thread_yield")
public func nbh_thread_yield() {
    sched_yield()
}
