import Foundation

/// The synchronization benchmark (issue 3, not a test): the shim's mutex(9) and condvar(9) against
/// the raw pthread primitives they sit on, measured side by side in one run. The kernel halves are
/// C in Benchmarks/CBench (nbshim_bench_sync.h); the caller passes them in, since NBHost cannot
/// import that target:
///
///     for line in SyncBench.run(mutex: nbshim_bench_mutex, pingPong: nbshim_bench_pingpong,
///                               contended: nbshim_bench_contended) { print(line) }
public enum SyncBench {
    public typealias Measure = (UInt64) -> UInt64

    /// One line per comparison: per-operation times and the shim/raw ratio (best of several runs).
    public static func run(mutex: (UInt64, Int32) -> UInt64, pingPong: Measure, contended: Measure,
                           iterations: UInt64 = 5_000_000) -> [String] {
        let rounds = max(iterations / 100, 1000), hammer = max(iterations / 5, 1000)
        let normal = Int32(PTHREAD_MUTEX_NORMAL), adaptive = Int32(PTHREAD_MUTEX_ADAPTIVE_NP)
        let (shimAdaptive, rawNormal) = best({ mutex(iterations, 0) }, { rawMutex(iterations, type: normal) })
        let (shimSpin, rawAdaptive) = best({ mutex(iterations, 1) }, { rawMutex(iterations, type: adaptive) })
        let (shimPing, rawPing) = best({ pingPong(rounds) }, { rawPingPong(rounds) }, runs: 3)
        let (shimHammer, rawHammer) = best({ contended(hammer) }, { rawContended(hammer) }, runs: 3)
        let spin = (0..<5).map { _ in rawSpin(iterations) }.min()!
        return [
            row("mutex enter/exit (adaptive)", shimAdaptive, rawNormal, iterations),
            row("mutex enter/exit (spin, IPL_NET)", shimSpin, rawAdaptive, iterations),
            row("condvar ping-pong round trip", shimPing, rawPing, rounds),
            row("mutex, 2 threads contending", shimHammer, rawHammer, 2 * hammer),
            "host locks, uncontended lock+unlock: normal \(perOp(rawNormal, iterations)), adaptive "
                + "\(perOp(rawAdaptive, iterations)), spinlock \(perOp(spin, iterations))",
        ]
    }

    private static func row(_ name: String, _ shim: UInt64, _ raw: UInt64, _ n: UInt64) -> String {
        let ratio = String(format: "%.2f", Double(shim) / Double(max(raw, 1)))
        return "\(name.padding(toLength: 34, withPad: " ", startingAt: 0)) shim \(perOp(shim, n))  "
            + "pthread \(perOp(raw, n))  ratio \(ratio)"
    }

    private static func perOp(_ ns: UInt64, _ n: UInt64) -> String {
        String(format: "%7.1f ns", Double(ns) / Double(n))
    }

    /// Best of `runs` for each side, the two measured in turn so that load on a shared machine
    /// disturbs both alike: the least disturbed measurements.
    private static func best(_ shim: () -> UInt64, _ raw: () -> UInt64, runs: Int = 5) -> (UInt64, UInt64) {
        var s = UInt64.max, r = UInt64.max
        for _ in 0..<runs {
            s = min(s, shim())
            r = min(r, raw())
        }
        return (s, r)
    }

    private static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    private static func rawMutex(_ iters: UInt64, type: Int32) -> UInt64 {
        var attr = pthread_mutexattr_t()
        pthread_mutexattr_init(&attr)
        pthread_mutexattr_settype(&attr, type)
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, &attr)
        pthread_mutexattr_destroy(&attr)
        let t0 = now()
        for _ in 0..<iters {
            pthread_mutex_lock(m)
            pthread_mutex_unlock(m)
        }
        let t = now() - t0
        pthread_mutex_destroy(m)
        m.deallocate()
        return t
    }

    private static func rawSpin(_ iters: UInt64) -> UInt64 {
        let s = UnsafeMutablePointer<pthread_spinlock_t>.allocate(capacity: 1)
        pthread_spin_init(s, 0)
        let t0 = now()
        for _ in 0..<iters {
            pthread_spin_lock(s)
            pthread_spin_unlock(s)
        }
        let t = now() - t0
        s.deallocate()
        return t
    }

    /// State shared by the raw two-thread runs, in one allocation both threads point at.
    private struct Shared {
        var m = pthread_mutex_t()
        var cv = pthread_cond_t()
        var turn = 0
        var rounds: UInt64 = 0
        var counter: UInt64 = 0
    }

    private static func withShared(_ rounds: UInt64, _ body: (UnsafeMutablePointer<Shared>) -> UInt64) -> UInt64 {
        let p = UnsafeMutablePointer<Shared>.allocate(capacity: 1)
        p.initialize(to: Shared(rounds: rounds))
        pthread_mutex_init(&p.pointee.m, nil)
        pthread_cond_init(&p.pointee.cv, nil)
        defer {
            pthread_cond_destroy(&p.pointee.cv)
            pthread_mutex_destroy(&p.pointee.m)
            p.deallocate()
        }
        return body(p)
    }

    private static func spawn(_ p: UnsafeMutablePointer<Shared>,
                              _ fn: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?) -> pthread_t {
        var t = pthread_t()
        precondition(pthread_create(&t, nil, fn, p) == 0, "cannot start a benchmark thread")
        return t
    }

    private static func rawPingPong(_ rounds: UInt64) -> UInt64 {
        withShared(rounds) { p in
            let t = spawn(p) { raw in
                let p = raw!.assumingMemoryBound(to: Shared.self)
                pthread_mutex_lock(&p.pointee.m)
                for _ in 0..<p.pointee.rounds {
                    while p.pointee.turn != 1 { pthread_cond_wait(&p.pointee.cv, &p.pointee.m) }
                    p.pointee.turn = 0
                    pthread_cond_signal(&p.pointee.cv)
                }
                pthread_mutex_unlock(&p.pointee.m)
                return nil
            }
            let t0 = now()
            pthread_mutex_lock(&p.pointee.m)
            for _ in 0..<rounds {
                p.pointee.turn = 1
                pthread_cond_signal(&p.pointee.cv)
                while p.pointee.turn != 0 { pthread_cond_wait(&p.pointee.cv, &p.pointee.m) }
            }
            pthread_mutex_unlock(&p.pointee.m)
            let elapsed = now() - t0
            pthread_join(t, nil)
            return elapsed
        }
    }

    private static func rawContended(_ iters: UInt64) -> UInt64 {
        withShared(iters) { p in
            let hammer: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { raw in
                let p = raw!.assumingMemoryBound(to: Shared.self)
                for _ in 0..<p.pointee.rounds {
                    pthread_mutex_lock(&p.pointee.m)
                    p.pointee.counter += 1
                    pthread_mutex_unlock(&p.pointee.m)
                }
                return nil
            }
            let t0 = now()
            let a = spawn(p, hammer), b = spawn(p, hammer)
            pthread_join(a, nil)
            pthread_join(b, nil)
            let elapsed = now() - t0
            precondition(p.pointee.counter == 2 * iters, "raw contended counter lost updates")
            return elapsed
        }
    }
}
