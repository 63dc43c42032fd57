import XCTest
@testable import NBBuild

/// Modules the tool builds, loaded into the nbshim binary (`nbshim attach --module`) without a
/// guest: the device named is absent on purpose, so attach ends right after loading. A module
/// from a tree of our own loads; Drivers/edu as a module is refused, since nbshim has edu built in.
final class ModuleLoadingTests: XCTestCase {
    static let absentDevice = "0000:ff:1f.7"

    func build(tree: String, config: String, out: String) throws -> String {
        guard !Package.nbshim.isEmpty else { throw XCTSkip("no nbshim binary beside the test bundle (swift build first)") }
        var o = BuildOptions(treeRoot: tree, treeKind: .own, config: config, shimInclude: Package.shimInclude,
                             host: Package.nbshim, clang: try Toolchain.clang())
        o.output = out
        let r = try Builder.build(o) { _ in }
        XCTAssertTrue(r.report.isEmpty, r.report.text)
        return r.output
    }

    func attach(module: String) -> Builder.RunResult {
        Builder.run(Package.nbshim, ["attach", "--module", module, "--exit-after-attach", Self.absentDevice])
    }

    func testOwnTreeModuleLoadsIntoNbshim() throws {
        let t = try ScratchTree()
        defer { t.remove() }
        let tree = Package.dir + "/Tests/sandbox/modules"
        let so = try build(tree: tree, config: tree + "/eduprobe.conf", out: t.root + "/eduprobe.so")
        let r = attach(module: so)
        XCTAssertNotEqual(r.status, 0, r.output)
        XCTAssertFalse(r.output.contains("not loaded") || r.output.contains("cannot load module"), r.output)
        XCTAssertTrue(r.output.contains(Self.absentDevice), "loading went through; the absent device ends it: \(r.output)")
    }

    func testDriverAlreadyBuiltInIsRefused() throws {
        let t = try ScratchTree()
        defer { t.remove() }
        let so = try build(tree: Package.dir + "/Drivers", config: Package.dir + "/Drivers/edu.conf", out: t.root + "/edu.so")
        let r = attach(module: so)
        XCTAssertNotEqual(r.status, 0, r.output)
        XCTAssertTrue(r.output.contains("autoconf: driver \"edu\" is already registered (built in or from another module); module not loaded"), r.output)
        XCTAssertTrue(r.output.contains("Error: module \(so) was not loaded: a driver it defines is already registered"), r.output)
    }
}
