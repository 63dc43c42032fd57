import XCTest
@testable import NBBuild

/// Our own Drivers/ tree through the same tool, no NetBSD tree needed: parse, generate,
/// compile and link edu.so, and check it against the nbshim binary's exports.
final class DriversTreeTests: XCTestCase {
    func options(_ config: String, out: String) throws -> BuildOptions {
        guard !Package.nbshim.isEmpty else { throw XCTSkip("no nbshim binary beside the test bundle (swift build first)") }
        var o = BuildOptions(treeRoot: Package.dir + "/Drivers", treeKind: .own, config: Package.dir + "/Drivers/" + config,
                             shimInclude: Package.shimInclude, host: Package.nbshim, clang: try Toolchain.clang())
        o.output = out
        return o
    }

    func testEduModuleBuildsWithAnEmptyPortingReport() throws {
        let t = try ScratchTree()
        defer { t.remove() }
        let lines = Lines()
        let r = try Builder.build(try options("edu.conf", out: t.root + "/edu.so")) { lines.add($0) }
        print(lines.all.joined(separator: "\n"))
        XCTAssertEqual(r.plan.files.map(\.path), ["edu/edu.c"])
        XCTAssertTrue(r.report.isEmpty, r.report.text)
        XCTAssertFalse(r.stubbed)
        XCTAssertTrue(lines.all.contains { $0.hasPrefix("[") && $0.contains("CC edu/edu.c") })
        let undefined = try Builder.undefinedSymbols(try options("edu.conf", out: ""), r.output).0
        XCTAssertTrue(undefined.contains("mutex_enter"), "edu.so uses the personality's mutexes: \(undefined)")
        let defined = try Builder.symbols(try options("edu.conf", out: ""), ["--defined-only"], r.output)
        XCTAssertTrue(defined.contains("edu_ca") && defined.contains("edu_cd"))
    }

    /// A module needing what the host lacks fails with the porting report, and links with panic
    /// stubs under --allow-unresolved.
    func testUnresolvedSymbolsFailUnlessAllowed() throws {
        let t = try ScratchTree()
        defer { t.remove() }
        try t.write("conf/files.nbshim", "device pci {[dev = -1], [function = -1]}\ndevice needy\nattach needy at pci\nfile needy.c needy\n")
        try t.write("needy.c", """
            #include <sys/param.h>
            #include <sys/device.h>
            int nbshim_test_missing_fn(int);
            static int needy_match(device_t p, cfdata_t cf, void *aux) { return nbshim_test_missing_fn(1); }
            static void needy_attach(device_t p, device_t s, void *aux) { }
            CFATTACH_DECL_NEW(needy, 0, needy_match, needy_attach, NULL, NULL);

            """)
        try t.write("needy.conf", "needy* at pci? dev ? function ?\n")
        var o = try options("edu.conf", out: t.root + "/needy.so")
        o.treeRoot = t.root
        o.config = t.root + "/needy.conf"
        let lines = Lines()
        XCTAssertThrowsMessage(try Builder.build(o) { lines.add($0) }, contains: ["1 kernel symbol(s)", "--allow-unresolved"])
        XCTAssertTrue(lines.all.contains { $0.contains("other (1): nbshim_test_missing_fn") }, "\(lines.all)")
        o.allowUnresolved = true
        let r = try Builder.build(o) { lines.add($0) }
        XCTAssertTrue(r.stubbed)
        XCTAssertEqual(r.report.count, 1)
        let stubs = try String(contentsOfFile: t.root + "/needy.so.build/obj/nbshim_stubs.c", encoding: .utf8)
        XCTAssertTrue(stubs.contains("panic(\"nbshim_test_missing_fn: not implemented in nbshim\")"))
        XCTAssertTrue(try Builder.undefinedSymbols(o, r.output).0.allSatisfy { $0 != "nbshim_test_missing_fn" })
    }
}

final class Lines: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
