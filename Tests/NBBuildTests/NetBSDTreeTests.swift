import XCTest
@testable import NBBuild

/// Against a real NetBSD tree (NETBSD_SRC = the 2016 kernel-src of rumpkernel/src-netbsd).
final class NetBSDTreeTests: XCTestCase {
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
