import Glibc

/// Clock hypercalls (host/nbshim_hypercall.h): the personality's uptime, wall time and sleeps.
@_cdecl("nbh_clock_monotonic")
public func nbh_clock_monotonic() -> UInt64 {
    clockNanoseconds(CLOCK_MONOTONIC)
}

@_cdecl("nbh_clock_wall")
public func nbh_clock_wall() -> UInt64 {
    clockNanoseconds(CLOCK_REALTIME)
}

@_cdecl("nbh_clock_sleep")
public func nbh_clock_sleep(_ ns: UInt64) {
    var left = timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
    var rest = timespec()
    // A signal cuts the sleep short; sleep the remainder so the caller gets at least `ns`.
    while nanosleep(&left, &rest) != 0 && errno == EINTR {
        left = rest
    }
}

private func clockNanoseconds(_ clock: clockid_t) -> UInt64 {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
