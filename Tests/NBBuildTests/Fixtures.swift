import Foundation
import XCTest

/// A scratch tree the tests write files.* fragments into.
struct ScratchTree {
    let root: String
    init() throws {
        root = NSTemporaryDirectory() + "nbbuild-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }
    func write(_ path: String, _ text: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }
    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// The package checkout (three levels above this file) and what lives in it.
enum Package {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let shimInclude = dir + "/CNetBSDShim/include/kernel"
    /// The nbshim binary built next to this test bundle.
    static var nbshim: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var dir = (exe as NSString).deletingLastPathComponent
        while !dir.isEmpty && dir != "/" {
            if FileManager.default.isExecutableFile(atPath: dir + "/nbshim") { return dir + "/nbshim" }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return ""
    }
}

func XCTAssertThrowsMessage(_ body: @autoclosure () throws -> Any, contains parts: [String],
                            file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(parts)", file: file, line: line)
    } catch {
        let msg = "\(error)"
        for p in parts { XCTAssertTrue(msg.contains(p), "`\(msg)` lacks `\(p)`", file: file, line: line) }
        XCTAssertFalse(msg.contains("\n"), "error is not one line: \(msg)", file: file, line: line)
    }
}

/// The NetBSD trees to test against, each the directory holding sys/: NETBSD_SRC (the 2016 tree)
/// and NETBSD_SRC_91 (NetBSD 9.1), whichever are set; skips when neither is.
func netbsdTrees() throws -> [(label: String, src: String)] {
    let env = ProcessInfo.processInfo.environment
    let trees = [("NETBSD_SRC", env["NETBSD_SRC"]), ("NETBSD_SRC_91", env["NETBSD_SRC_91"])]
        .compactMap { l, s in s.flatMap { $0.isEmpty ? nil : (l, $0) } }
    if trees.isEmpty {
        throw XCTSkip("neither NETBSD_SRC nor NETBSD_SRC_91 is set: point them at NetBSD source trees to run these tests")
    }
    return trees
}
