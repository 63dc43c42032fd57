import Foundation
import XCTest

/// Issue 2's sandbox acceptance: one QEMU guest with e1000 and edu runs Tests/sandbox/guest-checks.sh
/// through the real `nbshim sandbox`, and each test below reads one or more of its checks.
final class GuestAcceptanceTests: XCTestCase {
    struct Check {
        var output: String
        var status: Int
    }

    nonisolated(unsafe) private static var cached: Result<[String: Check], Error>?

    /// Boots the guest once for the whole class.
    private func checks() throws -> [String: Check] {
        if let cached = Self.cached { return try cached.get() }
        let result = Result { try Self.bootGuest() }
        Self.cached = result
        return try result.get()
    }

    private func check(_ name: String) throws -> Check {
        let all = try checks()
        return try XCTUnwrap(all[name], "the guest printed no check '\(name)'")
    }

    private static func bootGuest() throws -> [String: Check] {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let nbshim = testBinary.deletingLastPathComponent().appendingPathComponent("nbshim")
        guard FileManager.default.isExecutableFile(atPath: nbshim.path) else {
            throw XCTSkip("\(nbshim.path) is not built: run `swift build --build-tests` first")
        }
        guard FileManager.default.fileExists(atPath: "/usr/bin/qemu-system-x86_64") else {
            throw XCTSkip("QEMU is missing: scripts/deps installs it (apt-get install -y qemu-system-x86 linux-image-amd64 busybox-static)")
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../sandbox/guest-checks.sh").standardizedFileURL.path

        let p = Process()
        p.executableURL = nbshim
        p.arguments = ["sandbox", "--device", "e1000", "--device", "edu", "--", "sh", script]
        var env = ProcessInfo.processInfo.environment
        env["NBSHIM_TEST_BINARY"] = testBinary.path
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let transcript = String(decoding: data, as: UTF8.self)
        // The whole transcript goes to the log: it is the evidence when a check fails.
        print(transcript)
        guard p.terminationStatus == 0 else {
            throw GuestFailure(description: "nbshim sandbox exited \(p.terminationStatus); transcript above")
        }
        return parse(transcript)
    }

    struct GuestFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Splits "== NAME" ... "== NAME exit N" blocks.
    static func parse(_ transcript: String) -> [String: Check] {
        var result: [String: Check] = [:]
        var current: (name: String, lines: [String])?
        for line in transcript.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let clean = line.hasSuffix("\r") ? String(line.dropLast()) : line
            if let (name, lines) = current, clean.hasPrefix("== \(name) exit "),
               let status = Int(clean.dropFirst("== \(name) exit ".count)) {
                result[name] = Check(output: lines.joined(separator: "\n"), status: status)
                current = nil
            } else if current == nil, clean.hasPrefix("== "), !clean.dropFirst(3).contains(" ") {
                current = (String(clean.dropFirst(3)), [])
            } else {
                current?.lines.append(clean)
            }
        }
        return result
    }

    func testListShowsE1000BARs() throws {
        let list = try check("list")
        XCTAssertEqual(list.status, 0)
        let e1000 = try XCTUnwrap(Self.block(of: "8086:100e", in: list.output), list.output)
        XCTAssertTrue(e1000.contains("Kernel driver in use: e1000"), e1000)
        XCTAssertNotNil(e1000.range(of: #"Region 0: Memory at [0-9a-f]+ \(32-bit, non-prefetchable\) \[size=128K\]"#,
                                    options: .regularExpression), e1000)
        XCTAssertNotNil(e1000.range(of: #"Region 1: I/O ports at [0-9a-f]+ \[size=64\]"#, options: .regularExpression), e1000)
        XCTAssertNotNil(Self.block(of: "1234:11e8", in: list.output), "edu is listed too")
    }

    func testDoctorPassesInGuestAndNamesFixes() throws {
        let ok = try check("doctor")
        XCTAssertEqual(ok.status, 0, ok.output)
        let noHuge = try check("doctor-no-hugepages")
        XCTAssertNotEqual(noHuge.status, 0, noHuge.output)
        XCTAssertTrue(noHuge.output.contains("echo 64 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"), noHuge.output)
        let notRoot = try check("doctor-not-root")
        XCTAssertNotEqual(notRoot.status, 0, notRoot.output)
        XCTAssertTrue(notRoot.output.lowercased().contains("root"), notRoot.output)
    }

    func testRootDiskIsRefusedEvenForced() throws {
        for name in ["bind-root", "bind-root-forced"] {
            let c = try check(name)
            XCTAssertNotEqual(c.status, 0, "\(name): \(c.output)")
            XCTAssertTrue(c.output.contains("root filesystem"), "\(name): \(c.output)")
        }
    }

    func testInterfaceThatIsUpIsRefused() throws {
        let c = try check("bind-netif-up")
        XCTAssertNotEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains(" up"), c.output)
    }

    func testBindThenUnbindRestoresE1000() throws {
        XCTAssertEqual(try check("e1000-driver-before").output, "e1000")
        try assertSucceeded("bind-e1000")
        XCTAssertEqual(try check("e1000-driver-bound").output, "uio_pci_generic")
        try assertSucceeded("unbind-e1000")
        XCTAssertEqual(try check("e1000-driver-after").output, "e1000")
        XCTAssertFalse(try check("e1000-netif-after").output.isEmpty, "the interface is back")
    }

    func testEduUIOBackend() throws {
        try assertSucceeded("bind-edu")
        let tests = try check("edu-tests")
        XCTAssertEqual(tests.status, 0, tests.output)
        // Every edu test ran (none skipped) and passed.
        XCTAssertNotNil(tests.output.range(of: #"Executed [1-9][0-9]* tests?, with 0 failures"#, options: .regularExpression),
                        tests.output)
        XCTAssertFalse(tests.output.contains("skipped"), tests.output)
        try assertSucceeded("unbind-edu")
    }

    private func assertSucceeded(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try check(name)
        XCTAssertEqual(c.status, 0, "\(name): \(c.output)", file: file, line: line)
    }

    /// The lines of `nbshim list` output that belong to the device with this id.
    static func block(of id: String, in list: String) -> String? {
        var lines: [String] = []
        var inside = false
        for line in list.split(separator: "\n").map(String.init) {
            if !line.hasPrefix(" ") && !line.hasPrefix("\t") { inside = line.contains(id) }
            if inside { lines.append(line) }
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}
