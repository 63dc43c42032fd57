import XCTest
@testable import NBBuild

/// The tree's __NetBSD_Version__ decides the API a module is compiled for; trees of a generation
/// the headers do not know are refused with one line naming both versions.
final class APIGenerationTests: XCTestCase {
    var t: ScratchTree!
    override func setUpWithError() throws { t = try ScratchTree() }
    override func tearDown() { t.remove() }

    /// A NetBSD-shaped fixture tree (the directory holding sys/) declaring `version`, with one
    /// PCI driver whose source fails to compile unless it sees that version.
    func fixture(_ version: Int) throws -> BuildOptions {
        try t.write("sys/sys/param.h", "/* fixture */\n#define\t__NetBSD_Version__\t\(version)\t/* NetBSD x */\n")
        try t.write("sys/conf/files", """
            define pcibus {[bus = -1]}
            device pci {[dev = -1], [function = -1]}
            attach pci at pcibus
            device vdrv
            attach vdrv at pci
            file dev/pci/vdrv.c vdrv

            """)
        for f in ShimProvided.netbsdFiles where f != "conf/files" { try t.write("sys/" + f, "") }
        try t.write("sys/dev/pci/vdrv.c", """
            #include <sys/param.h>
            #include <sys/device.h>
            #if __NetBSD_Version__ != \(version) || !__NetBSD_Prereq__(\(version / 100_000_000), \(version / 1_000_000 % 100), 0)
            #error "compiled for the wrong API"
            #endif
            static int vdrv_match(device_t p, cfdata_t cf, void *aux) { return 0; }
            static void vdrv_attach(device_t p, device_t s, void *aux) { }
            CFATTACH_DECL_NEW(vdrv, 0, vdrv_match, vdrv_attach, NULL, NULL);

            """)
        try t.write("vdrv.conf", "vdrv* at pci? dev ? function ?\n")
        var o = BuildOptions(treeRoot: t.root + "/sys", treeKind: .netbsd, config: t.root + "/vdrv.conf",
                             shimInclude: Package.shimInclude, host: Package.nbshim, clang: "")
        o.output = t.root + "/vdrv.so"
        return o
    }

    func testVersionNames() {
        XCTAssertEqual(NetBSDVersion(901_000_000).description, "NetBSD 9.1 (901000000)")
        XCTAssertEqual(NetBSDVersion(799_003_400).name, "7.99.34")
        XCTAssertEqual(NetBSDVersion(1_000_000_000).name, "10.0")
        XCTAssertEqual(NetBSDVersion(904_000_000).name, "9.4")
    }

    func testReadsAndChecksTheTreesVersion() throws {
        for (v, gen) in [(799_003_400, "NetBSD 7.99.34"), (901_000_000, "NetBSD 9"), (900_000_000, "NetBSD 9")] {
            let o = try fixture(v)
            XCTAssertEqual(try Builder.api(o), NetBSDVersion(v))
            XCTAssertEqual(try Builder.plan(o, name: "vdrv").api, NetBSDVersion(v))
            XCTAssertEqual(try APIGeneration.serving(NetBSDVersion(v), tree: "t").name, gen)
        }
        XCTAssertNil(try Builder.api(BuildOptions(treeRoot: t.root, treeKind: .own, config: "", shimInclude: "", host: "", clang: "")),
                     "our own tree has no param.h: the headers' default")

        XCTAssertThrowsMessage(try Builder.plan(try fixture(1_000_000_000), name: "vdrv"),
                               contains: ["\(t.root) is NetBSD 10.0 (1000000000), newer than the newest API nbshim knows, NetBSD 9 (900000000-998999999)"])
        XCTAssertThrowsMessage(try Builder.plan(try fixture(999_001_000), name: "vdrv"), contains: ["NetBSD 9.99.10 (999001000), newer"])
        XCTAssertThrowsMessage(try Builder.plan(try fixture(800_000_000), name: "vdrv"),
                               contains: ["NetBSD 8.0 (800000000), between the APIs nbshim knows, NetBSD 7.99.34 (799003400) and NetBSD 9"])
        XCTAssertThrowsMessage(try Builder.plan(try fixture(699_000_000), name: "vdrv"),
                               contains: ["NetBSD 6.99 (699000000), older than the oldest API nbshim knows, NetBSD 7.99.34 (799003400)"])
        let o = try fixture(0)
        try t.write("sys/sys/param.h", "#define NetBSD 1\n")
        XCTAssertThrowsMessage(try Builder.api(o), contains: ["sys/param.h defines no __NetBSD_Version__"])
        try FileManager.default.removeItem(atPath: t.root + "/sys/sys/param.h")
        XCTAssertThrowsMessage(try Builder.api(BuildOptions(treeRoot: t.root + "/sys", treeKind: .netbsd, config: "",
                                                            shimInclude: "", host: "", clang: "")),
                               contains: ["cannot read", "sys/param.h", "directory holding sys/"])
    }

    /// The build says which API it compiled for and hands the version to the compiler: the
    /// fixture driver has an #error for any other.
    func testBuildCompilesForTheTreesVersion() throws {
        guard !Package.nbshim.isEmpty else { throw XCTSkip("no nbshim binary beside the test bundle (swift build first)") }
        for v in [901_000_000, 799_003_400] {
            var o = try fixture(v)
            o.clang = try Toolchain.clang()
            let lines = Lines()
            let r = try Builder.build(o) { lines.add($0) }
            XCTAssertEqual(lines.all.first, "vdrv: \(NetBSDVersion(v)) API")
            XCTAssertTrue(r.report.isEmpty, r.report.text)
        }
    }
}
