import CNetBSDShim
import Glibc

/// Lock hypercalls (host/nbshim_hypercall.h), kept thin: they are on every mutex_enter. A handle is a
/// heap-allocated pthread object. Spin mutexes are glibc adaptive mutexes (spin briefly, then
/// sleep) rather than pthread spinlocks: a spinlock's holder can be preempted by Linux, and
/// cv_wait must work on spin mutexes too. Condition variables time out on CLOCK_MONOTONIC.
@_cdecl("nbh_mutex_init")
public func nbh_mutex_init(_ out: UnsafeMutablePointer<OpaquePointer?>, _ spin: Bool) -> Int32 {
    let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    var attr = pthread_mutexattr_t()
    pthread_mutexattr_init(&attr)
    pthread_mutexattr_settype(&attr, Int32(spin ? PTHREAD_MUTEX_ADAPTIVE_NP : PTHREAD_MUTEX_NORMAL))
    let rc = pthread_mutex_init(m, &attr)
    pthread_mutexattr_destroy(&attr)
    guard rc == 0 else { m.deallocate(); return NetBSDErrno(linux: rc).value }
    out.pointee = OpaquePointer(m)
    return 0
}

@_cdecl("nbh_mutex_destroy")
public func nbh_mutex_destroy(_ m: OpaquePointer) {
    let p = UnsafeMutablePointer<pthread_mutex_t>(m)
    pthread_mutex_destroy(p)
    p.deallocate()
}

@_cdecl("nbh_mutex_enter")
public func nbh_mutex_enter(_ m: OpaquePointer) {
    pthread_mutex_lock(UnsafeMutablePointer<pthread_mutex_t>(m))
}

@_cdecl("nbh_mutex_tryenter")
public func nbh_mutex_tryenter(_ m: OpaquePointer) -> Bool {
    pthread_mutex_trylock(UnsafeMutablePointer<pthread_mutex_t>(m)) == 0
}

@_cdecl("nbh_mutex_exit")
public func nbh_mutex_exit(_ m: OpaquePointer) {
    pthread_mutex_unlock(UnsafeMutablePointer<pthread_mutex_t>(m))
}

@_cdecl("nbh_cond_init")
public func nbh_cond_init(_ out: UnsafeMutablePointer<OpaquePointer?>) -> Int32 {
    let c = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    var attr = pthread_condattr_t()
    pthread_condattr_init(&attr)
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
    let rc = pthread_cond_init(c, &attr)
    pthread_condattr_destroy(&attr)
    guard rc == 0 else { c.deallocate(); return NetBSDErrno(linux: rc).value }
    out.pointee = OpaquePointer(c)
    return 0
}

@_cdecl("nbh_cond_destroy")
public func nbh_cond_destroy(_ c: OpaquePointer) {
    let p = UnsafeMutablePointer<pthread_cond_t>(c)
    pthread_cond_destroy(p)
    p.deallocate()
}

@_cdecl("nbh_cond_wait")
public func nbh_cond_wait(_ c: OpaquePointer, _ m: OpaquePointer) {
    pthread_cond_wait(UnsafeMutablePointer<pthread_cond_t>(c), UnsafeMutablePointer<pthread_mutex_t>(m))
}

@_cdecl("nbh_cond_timedwait")
public func nbh_cond_timedwait(_ c: OpaquePointer, _ m: OpaquePointer, _ deadline: UInt64) -> Int32 {
    var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
    let rc = pthread_cond_timedwait(UnsafeMutablePointer<pthread_cond_t>(c),
                                    UnsafeMutablePointer<pthread_mutex_t>(m), &ts)
    return rc == ETIMEDOUT ? NetBSDErrno.EWOULDBLOCK.value : 0
}

@_cdecl("nbh_cond_signal")
public func nbh_cond_signal(_ c: OpaquePointer) {
    pthread_cond_signal(UnsafeMutablePointer<pthread_cond_t>(c))
}

@_cdecl("nbh_cond_broadcast")
public func nbh_cond_broadcast(_ c: OpaquePointer) {
    pthread_cond_broadcast(UnsafeMutablePointer<pthread_cond_t>(c))
}
