import Foundation
import Glibc
import NBHost
import NBPCI
import XCTest

/// The control channel of a running attach, with a handler standing in for the kernel.
final class ControlServerTests: XCTestCase {
    var run = ""
    var paths = HostPaths()

    override func setUpWithError() throws {
        run = NSTemporaryDirectory() + "nbshim-control-\(getpid())-\(UUID().uuidString.prefix(8))"
        paths = HostPaths(run: run)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: run) }

    func testRequestsReachTheHandlerAndRepliesCarryTheStatus() throws {
        let server = ControlServer(paths: paths) { words in (["got " + words.joined(separator: "+")], words.count == 2 ? 0 : 3) }
        try server.start(["wm0", "wm1"], report: { XCTFail($0) })
        defer { server.stop() }
        let socket = ControlServer.socketPath(server.directory, "wm1")
        var st = stat()
        XCTAssertEqual(stat(socket, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600, "only the owner may set media")

        let a = try ControlServer.request(paths: paths, interface: "wm0", ["ifmedia", "wm0"])
        XCTAssertEqual(a.lines, ["got ifmedia+wm0"])
        XCTAssertEqual(a.status, 0)
        let b = try ControlServer.request(paths: paths, interface: "wm1", ["ifmedia", "wm1", "100baseTX"])
        XCTAssertEqual(b.lines, ["got ifmedia+wm1+100baseTX"])
        XCTAssertEqual(b.status, 3)
    }

    /// A socket left by a process that died is replaced; one a live process serves is left alone.
    func testStaleSocketsAreReplacedAndLiveOnesKept() throws {
        let first = ControlServer(paths: paths) { _ in (["first"], 0) }
        try first.start(["rtn0"], report: { XCTFail($0) })
        let path = ControlServer.socketPath(first.directory, "rtn0")

        var reports: [String] = []
        let second = ControlServer(paths: paths) { _ in (["second"], 0) }
        try second.start(["rtn0"], report: { reports.append($0) })
        XCTAssertEqual(reports.count, 1)
        XCTAssertTrue(reports.first?.hasPrefix("rtn0: another nbshim serves its control socket") == true, "\(reports)")
        XCTAssertEqual(try ControlServer.request(paths: paths, interface: "rtn0", ["x"]).lines, ["first"])
        second.stop()
        first.stop()

        // A socket file nobody listens on any more, as a killed attach leaves it.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var a = sockaddr_un()
        a.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &a.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        XCTAssertEqual(withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }, 0)
        close(fd)
        XCTAssertThrowsError(try ControlServer.request(paths: paths, interface: "rtn0", ["x"])) {
            XCTAssertTrue("\($0)".hasPrefix("the nbshim attach that had rtn0 is gone"), "\($0)")
        }
        let third = ControlServer(paths: paths) { _ in (["third"], 0) }
        try third.start(["rtn0"], report: { XCTFail($0) })
        defer { third.stop() }
        XCTAssertEqual(try ControlServer.request(paths: paths, interface: "rtn0", ["x"]).lines, ["third"])
    }

    func testNoServerSaysHowToGetOne() {
        XCTAssertThrowsError(try ControlServer.request(paths: paths, interface: "wm0", ["ifmedia", "wm0"])) {
            XCTAssertTrue("\($0)".hasPrefix("no nbshim attach has interface wm0"), "\($0)")
        }
    }
}
