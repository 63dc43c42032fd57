import CKernelTests
import CNetBSDShim
@testable import NBHost
import XCTest

/// kmem, malloc, libkern, time and console output of the kernel personality.
final class BaseServicesTests: KernelTestCase {
    func testKmem() { runKernelTest("kmem_alloc_zero_free") }
    func testKmemStrings() { runKernelTest("kmem_strings") }
    func testMalloc() { runKernelTest("malloc_forms") }
    func testStrlcpy() { runKernelTest("libkern_strl") }
    func testSnprintb() { runKernelTest("libkern_snprintb") }
    func testStrnvisx() { runKernelTest("libkern_strnvisx") }
    func testFormatBytes() { runKernelTest("libkern_format_bytes") }
    func testSnprintbMultiline() { runKernelTest("libkern_snprintb_m") }
    func testArithmeticAndConstants() { runKernelTest("libkern_arith") }
    func testTimeIsMonotonic() { runKernelTest("time_monotonic") }
    func testTickConversions() { runKernelTest("time_conversions") }
    func testRatecheck() { runKernelTest("time_ratecheck") }
    func testTimecounterList() { runKernelTest("time_tc_register") }

    func testPrintfAndAprintFollowBoothowto() {
        let out = KernelConsole.capturing { runKernelTest("prf_output") }
        XCTAssertEqual(out.split(separator: "\n", omittingEmptySubsequences: false), [
            "plain 1", "normal", "error one", "logged beef", "naive", "error two", "verbose", "debug", "",
        ])
    }

    func testLongLineIsWrittenWhole() {
        let out = KernelConsole.capturing { runKernelTest("prf_long_line") }
        XCTAssertEqual(out, String(repeating: "x", count: 1499) + "\n")
    }

    func testPrintfFillsTheMessageBufferAndCnputcWrites() {
        let out = KernelConsole.capturing { runKernelTest("prf_msgbuf") }
        XCTAssertTrue(out.hasSuffix("msgbuf-marker-42\nc\n"), String(out.suffix(40)))
    }

    func testClockHypercalls() {
        let a = NBHost.nbh_clock_monotonic()
        NBHost.nbh_clock_sleep(5_000_000)
        XCTAssertGreaterThanOrEqual(NBHost.nbh_clock_monotonic() - a, 5_000_000)
        XCTAssertEqual(Double(NBHost.nbh_clock_wall()) / 1e9, Date().timeIntervalSince1970, accuracy: 1)
    }
}

/// pcq(9) with real concurrency: producers on host threads, one consumer.
final class BasePCQTests: KernelTestCase {
    func testSingleThreaded() { runKernelTest("pcq_basic") }

    func testManyProducersLoseNothing() {
        Kernel.bootForTests()
        let producers = 4, perProducer = 20_000
        nonisolated(unsafe) let q = ktest_pcq_create(64)!
        defer { ktest_pcq_destroy(q) }
        let done = DispatchGroup()
        for p in 0..<producers {
            done.enter()
            Thread.detachNewThread {
                for i in 0..<perProducer {
                    // Values encode producer and sequence; 0 would be NULL, which pcq refuses.
                    let v = UInt(p) << 32 | UInt(i + 1)
                    while !ktest_pcq_put(q, v) { sched_yield() }
                }
                done.leave()
            }
        }
        var next = [Int](repeating: 1, count: producers)
        var received = 0
        while received < producers * perProducer {
            let v = ktest_pcq_get(q)
            if v == 0 { sched_yield(); continue }
            let p = Int(v >> 32), i = Int(v & 0xffff_ffff)
            // Each producer's items arrive in the order it put them, none twice, none lost.
            XCTAssertEqual(i, next[p], "producer \(p)")
            next[p] = i + 1
            received += 1
        }
        done.wait()
        XCTAssertEqual(ktest_pcq_get(q), 0)
        XCTAssertEqual(next, [Int](repeating: perProducer + 1, count: producers))
    }
}

/// firmload(9) through the Firmware hypercalls, with a temporary firmware directory.
final class BaseFirmwareTests: KernelTestCase {
    func testFirmwareFromSearchPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nbshim-fw-\(getpid())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ktestdrv"),
                                                withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("0123456789".utf8).write(to: dir.appendingPathComponent("ktestdrv/image.bin"))
        let saved = Firmware.searchPath
        Firmware.searchPath = ["/nonexistent", dir.path]
        defer { Firmware.searchPath = saved }
        runKernelTest("firmload_read")
    }
}

/// pool, RUN_ONCE, evcnt, rnd, percpu and sysctl.
final class BaseKernelServicesTests: KernelTestCase {
    func testPool() { runKernelTest("pool_basic") }
    func testPoolLargeItemsAndHardLimit() { runKernelTest("pool_large_items_and_limit") }
    func testPoolCache() { runKernelTest("pool_cache_ctor_dtor") }
    func testRunOnceResult() { runKernelTest("once_error_is_remembered") }
    func testEvcnt() { runKernelTest("evcnt_list") }
    func testRndCounters() { runKernelTest("rnd_counts") }
    func testPercpu() { runKernelTest("percpu_refs") }
    func testSysctlTree() { runKernelTest("sysctl_tree") }

    func testRunOnceFromManyThreads() {
        Kernel.bootForTests()
        let results = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 8)
        defer { results.deallocate() }
        nonisolated(unsafe) let out = results
        let group = DispatchGroup()
        for i in 0..<8 {
            group.enter()
            Thread.detachNewThread { out[i] = ktest_run_once(); group.leave() }
        }
        group.wait()
        XCTAssertEqual(Array(results), [Int32](repeating: 17, count: 8))
        XCTAssertEqual(ktest_once_runs(), 1)
    }

    func testPercpuRefsExcludeEachOther() {
        Kernel.bootForTests()
        ktest_percpu_setup()
        let group = DispatchGroup()
        for _ in 0..<4 {
            group.enter()
            Thread.detachNewThread { ktest_percpu_bump(20_000); group.leave() }
        }
        group.wait()
        XCTAssertEqual(ktest_percpu_total(), 80_000)
    }

    func testHostReadsSysctlAndRnd() {
        Kernel.bootForTests()
        var ncpu: Int32 = 0
        var len = MemoryLayout<Int32>.size
        XCTAssertEqual(nbk_sysctl_read("hw.ncpu", &ncpu, &len), 0)
        XCTAssertGreaterThanOrEqual(ncpu, 1)
        XCTAssertEqual(nbk_sysctl_read("hw.nothing", &ncpu, &len), 2)  // ENOENT
    }
}
