import Foundation
import XCTest
@testable import NBBuild

/// Against real NetBSD trees (NETBSD_SRC = the 2016 kernel-src of rumpkernel/src-netbsd,
/// NETBSD_SRC_91 = NetBSD 9.1): what a module build reads, and all an amd64 kernel would.
final class NBBuildTreeTests: XCTestCase {
    func testParsesTheTreesFiles() throws {
        for (label, src) in try netbsdTrees() {
            let tree = try FilesParser.load(root: src + "/sys", files: ShimProvided.netbsdFiles, tolerateMissingIncludes: true)
            XCTAssertGreaterThan(tree.files.count, 1000, label)
            XCTAssertEqual(tree.interface("pci")?.map(\.name), ["dev", "function"], label)
            XCTAssertEqual(tree.interface("mii")?.first?.defaultValue, "-1", label)
            XCTAssertEqual(tree.attachments["viornd"]?.at, ["virtio"], label)
            XCTAssertTrue(tree.offeredInterfaces("wm").contains("mii"), label)
            print("\(label): parsed \(tree.filesRead.count) files.*: \(tree.devices.count) devices, \(tree.files.count) file lines")
        }
    }

    /// The port's files as config(1) reads them for `machine amd64 x86`: conf/files, files.x86,
    /// then files.amd64 and everything it includes (acpi, isa, majors, ...), without an error. Trees without the
    /// port's conf/ (rump's kernel-src) are passed over.
    func testParsesAnAmd64KernelsFiles() throws {
        var parsed = 0
        for (label, src) in try netbsdTrees() where FileManager.default.fileExists(atPath: src + "/sys/arch/amd64/conf/files.amd64") {
            parsed += 1
            let tree = try FilesParser.load(root: src + "/sys", files: ["conf/files", "arch/x86/conf/files.x86", "arch/amd64/conf/files.amd64"],
                                            tolerateMissingIncludes: true)
            XCTAssertTrue(tree.filesRead.contains("arch/amd64/conf/majors.amd64"), label)
            XCTAssertEqual(tree.attachments["mainbus"]?.at, ["root"], label)
            print("\(label): amd64 reads \(tree.filesRead.count) files.*, \(tree.missingIncludes.count) missing")
        }
        if parsed == 0 { throw XCTSkip("no tree given has arch/amd64/conf (NETBSD_SRC_91 does)") }
    }
}

/// The presets in Drivers/ against the tree: which files its own files.* choose, and what a build
/// says today (the porting report is the output that matters while the personality grows).
final class NetBSDPresetTests: XCTestCase {
    func options(_ preset: String, src given: String? = nil) throws -> BuildOptions {
        guard let src = given ?? ProcessInfo.processInfo.environment["NETBSD_SRC"], !src.isEmpty else {
            throw XCTSkip("NETBSD_SRC is not set: point it at a NetBSD kernel source tree to run these tests")
        }
        guard !Package.nbshim.isEmpty else { throw XCTSkip("no nbshim binary beside the test bundle (swift build first)") }
        var o = BuildOptions(treeRoot: src + "/sys", treeKind: .netbsd, config: Package.dir + "/Drivers/\(preset).conf",
                             shimInclude: Package.shimInclude, host: Package.nbshim, clang: try Toolchain.clang())
        o.output = NSTemporaryDirectory() + "nbbuild-preset-\(preset)-\(getpid())/\((src as NSString).lastPathComponent)/\(preset).so"
        o.jobs = ProcessInfo.processInfo.activeProcessorCount
        return o
    }

    func files(_ preset: String) throws -> [String] {
        let p = try Builder.plan(try options(preset), name: preset)
        print("\(preset): \(p.files.map(\.path).joined(separator: " "))")
        return p.files.map(\.path)
    }

    func testViorndPreset() throws {
        let f = try files("viornd")
        XCTAssertEqual(f, ["dev/pci/virtio.c", "dev/pci/viornd.c"])
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

    /// Builds each preset from each tree given (NETBSD_SRC, NETBSD_SRC_91): each must link with
    /// an empty porting report (no unresolved kernel symbol, no stubs), compiled for the tree's
    /// API; prints the build times and the reports. Only iwm takes members of the tree's
    /// libraries (the AES files CCMP needs; nothing from arc4).
    func testBuildPresetsWithEmptyPortingReports() throws {
        for (label, src) in try netbsdTrees() {
            for preset in ["viornd", "wm", "iwm"] { try buildPreset(preset, label: label, src: src) }
        }
    }

    func buildPreset(_ preset: String, label: String, src: String) throws {
        let o = try options(preset, src: src)
        let lines = Lines()
        let start = Date()
        do {
            let r = try Builder.build(o) { lines.add($0) }
            print("== \(label) \(preset): built in \(String(format: "%.1f", r.seconds)) s\n" + r.report.text)
            XCTAssertEqual(lines.all.first, "\(preset): \(try NetBSDVersion.of(treeRoot: src + "/sys")) API")
            XCTAssertTrue(r.report.isEmpty, "\(preset): \(r.report.text)")
            XCTAssertFalse(r.stubbed)
            XCTAssertFalse(r.plan.files.contains { $0.path.hasPrefix("crypto/") }, "libraries are not module files")
            let taken = lines.all.first { $0.hasPrefix("linked from the tree's libraries:") }
            if preset == "iwm" {
                XCTAssertTrue(r.plan.library.map(\.path).contains("crypto/arc4/arc4.c"))
                XCTAssertTrue(taken?.contains("crypto/rijndael/rijndael.c") ?? false, taken ?? "no library line")
                XCTAssertFalse(taken?.contains("arc4") ?? true, "arc4 defines nothing iwm needs")
            } else {
                XCTAssertNil(taken, preset)
            }
        } catch {
            let report = lines.all.drop { !$0.hasPrefix("compile report") && !$0.hasPrefix("porting report") }
            XCTFail("\(label) \(preset) (\(String(format: "%.1f", Date().timeIntervalSince(start))) s): \(error)\n" + report.joined(separator: "\n"))
        }
    }
}

/// The devlist generator against the headers the tree ships (generated by NetBSD's awk script).
final class DevListTreeTests: XCTestCase {
    func defines(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("#define") {
            let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            if f.count >= 3 { out[String(f[1])] = f[1].hasPrefix("MII_STR_") ? String(line.split(separator: "\t", maxSplits: 2).last ?? "") : String(f[2]) }
        }
        return out
    }

    func testMatchesTheTreesHeaders() throws {
        guard let src = ProcessInfo.processInfo.environment["NETBSD_SRC"], !src.isEmpty else {
            throw XCTSkip("NETBSD_SRC is not set: point it at a NetBSD kernel source tree to run these tests")
        }
        for (list, header, make) in [("dev/pci/pcidevs", "dev/pci/pcidevs.h", DevList.pcidevsHeader),
                                     ("dev/mii/miidevs", "dev/mii/miidevs.h", DevList.miidevsHeader)] {
            let ours = defines(make(try DevList.parse(try String(contentsOfFile: "\(src)/sys/\(list)", encoding: .isoLatin1), file: list)))
            let theirs = defines(try String(contentsOfFile: "\(src)/sys/\(header)", encoding: .isoLatin1))
            XCTAssertGreaterThan(ours.count, 100)
            XCTAssertEqual(Set(ours.keys), Set(theirs.keys), list)
            let differing = ours.keys.filter { ours[$0] != theirs[$0] }.sorted()
            XCTAssertTrue(differing.isEmpty, "\(list): \(differing.prefix(5).map { "\($0): \(ours[$0]!) vs \(theirs[$0] ?? "-")" })")
        }
    }
}
