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

    /// The module's ABI note (host/nbshim_abi.h): owner "NBSHIM", type 1, a 4-byte version.
    static let noteHeader: [UInt8] = [7, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0] + Array("NBSHIM".utf8) + [0, 0]

    /// Where the ABI note of module bytes `f` starts (exactly one is expected).
    func noteOffset(_ f: [UInt8]) throws -> Int {
        let h = Self.noteHeader
        let at = (0...(f.count - h.count - 4)).filter { f[$0] == h[0] && Array(f[$0..<$0 + h.count]) == h }
        XCTAssertEqual(at.count, 1, "one ABI note")
        return try XCTUnwrap(at.first)
    }

    /// A module whose stamp says another version, and one without a stamp (the note's owner
    /// renamed), are refused before loading with one line; the unpatched module is the one of
    /// testOwnTreeModuleLoadsIntoNbshim, whose version is this nbshim's.
    func testModuleOfAnotherABIIsRefused() throws {
        let t = try ScratchTree()
        defer { t.remove() }
        let tree = Package.dir + "/Tests/sandbox/modules"
        let so = try build(tree: tree, config: tree + "/eduprobe.conf", out: t.root + "/eduprobe.so")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: so)))
        let at = try noteOffset(bytes)
        let current = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + 20 + $1]) << (8 * UInt32($1)) }
        var other = bytes, unstamped = bytes
        other[at + 20] &+= 1
        unstamped[at + 12] = UInt8(ascii: "X")
        let cases = [
            ("other.so", other, "was built for nbshim module ABI \(current + 1), this nbshim has ABI \(current)"),
            ("unstamped.so", unstamped, "has no nbshim ABI stamp (built before stamps, or not by `nbshim build`), this nbshim has ABI \(current)"),
        ]
        for (name, content, line) in cases {
            let module = t.root + "/" + name
            try Data(content).write(to: URL(fileURLWithPath: module))
            let r = attach(module: module)
            XCTAssertNotEqual(r.status, 0, r.output)
            let errors = r.output.split(separator: "\n").filter { $0.contains("Error:") }
            XCTAssertEqual(errors.count, 1, r.output)
            XCTAssertTrue(errors.first?.contains("module \(module) \(line): rebuild it") ?? false, r.output)
            XCTAssertFalse(r.output.contains(Self.absentDevice), "refused before loading: \(r.output)")
        }
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
