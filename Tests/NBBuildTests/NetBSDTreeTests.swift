import Foundation
import XCTest
@testable import NBBuild

/// Against a real NetBSD tree (NETBSD_SRC = the 2016 kernel-src of rumpkernel/src-netbsd).
final class NBBuildTreeTests: XCTestCase {
    func sysDir() throws -> String {
        guard let src = ProcessInfo.processInfo.environment["NETBSD_SRC"], !src.isEmpty else {
            throw XCTSkip("NETBSD_SRC is not set: point it at a NetBSD kernel source tree to run these tests")
        }
        return src + "/sys"
    }

    func testParsesTheTreesFiles() throws {
        let tree = try FilesParser.load(root: try sysDir(), files: ShimProvided.netbsdFiles, tolerateMissingIncludes: true)
        XCTAssertGreaterThan(tree.files.count, 1000)
        XCTAssertEqual(tree.interface("pci")?.map(\.name), ["dev", "function"])
        XCTAssertEqual(tree.interface("mii")?.first?.defaultValue, "-1")
        XCTAssertEqual(tree.attachments["viornd"]?.at, ["virtio"])
        XCTAssertTrue(tree.offeredInterfaces("wm").contains("mii"))
        print("parsed \(tree.filesRead.count) files.*: \(tree.devices.count) devices, \(tree.files.count) file lines")
    }
}

/// The presets in Drivers/ against the tree: which files its own files.* choose, and what a build
/// says today (the porting report is the output that matters while the personality grows).
final class NetBSDPresetTests: XCTestCase {
    func options(_ preset: String) throws -> BuildOptions {
        guard let src = ProcessInfo.processInfo.environment["NETBSD_SRC"], !src.isEmpty else {
            throw XCTSkip("NETBSD_SRC is not set: point it at a NetBSD kernel source tree to run these tests")
        }
        guard !Package.nbshim.isEmpty else { throw XCTSkip("no nbshim binary beside the test bundle (swift build first)") }
        var o = BuildOptions(treeRoot: src + "/sys", treeKind: .netbsd, config: Package.dir + "/Drivers/\(preset).conf",
                             shimInclude: Package.shimInclude, host: Package.nbshim, clang: try Toolchain.clang())
        o.output = NSTemporaryDirectory() + "nbbuild-preset-\(preset)/\(preset).so"
        o.jobs = ProcessInfo.processInfo.activeProcessorCount
        return o
    }

    func files(_ preset: String) throws -> [String] {
        let p = try Builder.plan(try options(preset), name: preset)
        print("\(preset): \(p.files.map(\.path).joined(separator: " "))")
        return p.files.map(\.path)
    }

    func testViorndPreset() throws {
        XCTAssertEqual(try files("viornd"), ["dev/pci/virtio.c", "dev/pci/viornd.c"])
    }

    func testWmPreset() throws {
        let f = try files("wm")
        for needed in ["dev/pci/if_wm.c", "dev/mii/mii.c", "dev/mii/mii_physubr.c", "dev/mii/makphy.c",
                       "dev/mii/ukphy.c", "dev/mii/mii_bitbang.c", "dev/mii/mii_ethersubr.c"] {
            XCTAssertTrue(f.contains(needed), "\(needed) missing from \(f)")
        }
        XCTAssertFalse(f.contains("net/if_ethersubr.c"), "the network core is the shim's")
        XCTAssertFalse(f.contains { $0.hasPrefix("dev/pci/pci") }, "the PCI bus code is the shim's")
    }

    func testIwmPreset() throws {
        let f = try files("iwm")
        XCTAssertTrue(f.contains("dev/pci/if_iwm.c"))
        XCTAssertTrue(f.contains("net80211/ieee80211_input.c"), "net80211 comes from the tree")
        XCTAssertFalse(f.contains("dev/firmload.c"), "firmload is the shim's")
    }

    func testWmWithoutPhysIsRefused() throws {
        var o = try options("wm")
        let cfg = NSTemporaryDirectory() + "nbbuild-wm-nophy.conf"
        try "wm* at pci? dev ? function ?\n".write(toFile: cfg, atomically: true, encoding: .utf8)
        o.config = cfg
        XCTAssertThrowsMessage(try Builder.plan(o, name: "wm"), contains: ["wm offers `mii`", "ukphy* at mii? phy ?"])
    }

    /// Builds each preset and prints what it says; passes when the tool ran to a verdict (a
    /// module, or a compile or porting report), fails on anything else.
    func testBuildPresetsAndPrintReports() throws {
        for preset in ["viornd", "wm", "iwm"] {
            let o = try options(preset)
            let lines = Lines()
            let start = Date()
            do {
                let r = try Builder.build(o) { lines.add($0) }
                print("== \(preset): built in \(String(format: "%.1f", r.seconds)) s\n" + r.report.text)
            } catch {
                let msg = "\(error)"
                let report = lines.all.drop { !$0.hasPrefix("compile report") && !$0.hasPrefix("porting report") }
                print("== \(preset): \(String(format: "%.1f", Date().timeIntervalSince(start))) s: \(msg)\n" + report.joined(separator: "\n"))
                XCTAssertTrue(msg.contains("failed to compile") || msg.contains("kernel symbol(s)"), msg)
                XCTAssertFalse(report.isEmpty, "no report for \(preset)")
            }
        }
    }
}
