import Foundation
import XCTest

/// Base of the acceptance classes that boot one QEMU guest through the real `nbshim sandbox`: the
/// guest runs a script from Tests/sandbox that prints "== NAME", its output, "== NAME exit N" per
/// check; the class boots once (bootGuest) and each test reads checks by name.
class GuestTestCase: XCTestCase {
    struct Check {
        var output: String
        var status: Int
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    nonisolated(unsafe) private static var guests: [ObjectIdentifier: Result<[String: Check], Error>] = [:]

    /// Subclasses boot their guest here, usually with `sandbox(_:script:env:)`.
    class func bootGuest() throws -> [String: Check] {
        throw Failure(description: "\(self) does not say how to boot its guest")
    }

    func checks() throws -> [String: Check] {
        let key = ObjectIdentifier(type(of: self))
        if let cached = Self.guests[key] { return try cached.get() }
        let result = Result { try type(of: self).bootGuest() }
        Self.guests[key] = result
        return try result.get()
    }

    func check(_ name: String) throws -> Check {
        let all = try checks()  // outside XCTUnwrap, which would turn a skip into a failure
        return try XCTUnwrap(all[name], "the guest printed no check '\(name)'")
    }

    func assertSucceeded(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try check(name)
        XCTAssertEqual(c.status, 0, "\(name): \(c.output)", file: file, line: line)
    }

    static var testBinary: URL { URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL }
    static var packageDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    }

    /// The nbshim built beside this test binary; skips when it or QEMU is missing.
    static func nbshim() throws -> URL {
        let nbshim = testBinary.deletingLastPathComponent().appendingPathComponent("nbshim")
        guard FileManager.default.isExecutableFile(atPath: nbshim.path) else {
            throw XCTSkip("\(nbshim.path) is not built: run `swift build --build-tests` first")
        }
        guard FileManager.default.fileExists(atPath: "/usr/bin/qemu-system-x86_64") else {
            throw XCTSkip("QEMU is missing: scripts/deps installs it (apt-get install -y qemu-system-x86 linux-image-amd64 busybox-static)")
        }
        return nbshim
    }

    /// The NetBSD trees given, by label: "" for NETBSD_SRC (the 2016 tree), "9.1/" for
    /// NETBSD_SRC_91; skips when neither is set (CI without the shared trees).
    static func netbsdTrees(for preset: String) throws -> [(label: String, src: String)] {
        let env = ProcessInfo.processInfo.environment
        let trees = [("", env["NETBSD_SRC"]), ("9.1/", env["NETBSD_SRC_91"])]
            .compactMap { l, s in s.flatMap { $0.isEmpty ? nil : (l, $0) } }
        if trees.isEmpty {
            throw XCTSkip("neither NETBSD_SRC nor NETBSD_SRC_91 is set: \(preset) is built from a NetBSD tree")
        }
        return trees
    }

    /// Drivers/PRESET.conf built by `nbshim build` from NETBSD_SRC (or `src`) into PRESET.so beside
    /// this test binary, its porting report empty; skips when no tree is given (CI has none).
    static func treeModule(_ preset: String, src given: String? = nil, suffix: String = "") throws -> String {
        guard let src = given ?? ProcessInfo.processInfo.environment["NETBSD_SRC"], !src.isEmpty else {
            throw XCTSkip("NETBSD_SRC is not set: \(preset) is built from a NetBSD tree (the kernel-src branch of rumpkernel/src-netbsd)")
        }
        let module = testBinary.deletingLastPathComponent().appendingPathComponent("\(preset)\(suffix).so").path
        let build = try run(try nbshim(), ["build", "--netbsd-src", src,
                                           "--config", packageDirectory.path + "/Drivers/\(preset).conf", "-o", module])
        print(build.output)
        guard build.status == 0 else { throw Failure(description: "nbshim build of \(preset) failed; output above") }
        guard build.output.contains("porting report: every kernel symbol the module uses is exported by the host") else {
            throw Failure(description: "\(preset)'s porting report is not empty; output above")
        }
        return module
    }

    /// Runs `nbshim sandbox ARGS -- sh Tests/sandbox/SCRIPT`, prints the transcript (the evidence
    /// when a check fails) and returns its checks.
    static func sandbox(_ args: [String], script: String, env: [String: String?] = [:]) throws -> [String: Check] {
        let path = packageDirectory.appendingPathComponent("Tests/sandbox/" + script).path
        let guest = try run(try nbshim(), ["sandbox"] + args + ["--", "sh", path], env: env)
        print(guest.output)
        guard guest.status == 0 else {
            throw Failure(description: "nbshim sandbox exited \(guest.status); transcript above")
        }
        return parse(guest.output)
    }

    /// Runs a program with the test's environment changed by `env` (nil removes a variable).
    static func run(_ exe: URL, _ args: [String], env: [String: String?] = [:]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Splits "== NAME" ... "== NAME exit N" blocks; other lines (boot noise) are ignored.
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
}
