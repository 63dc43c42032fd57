import Foundation
import XCTest

/// Issue 3's acceptance in a QEMU guest with edu: `nbshim attach` runs the built-in edu driver on
/// the real (emulated) device through uio. One guest runs Tests/sandbox/attach-checks.sh; the
/// tests read its checks (see GuestTestCase).
final class AttachAcceptanceTests: GuestTestCase {
    override class func bootGuest() throws -> [String: Check] {
        // A driver module from a tree of our own, built by `nbshim build --tree` as a user would.
        let tree = packageDirectory.appendingPathComponent("Tests/sandbox/modules").path
        let module = testBinary.deletingLastPathComponent().appendingPathComponent("eduprobe.so").path
        let build = try run(try nbshim(), ["build", "--tree", tree, "--config", tree + "/eduprobe.conf", "-o", module])
        guard build.status == 0 else { throw Failure(description: "nbshim build of eduprobe failed:\n\(build.output)") }
        return try sandbox(["--device", "edu"], script: "attach-checks.sh", env: ["NBSHIM_TEST_MODULE": module])
    }

    /// The driver's lines, in order: attach, self-tests, detach, nothing of bus_dma left.
    static let eduLines = [
        #"edu0 at pci0 dev [0-9]+ function 0: QEMU edu device \(rev\. 0x[0-9a-f]{2}\)"#,
        #"edu0: version 1\.0, liveness check passed"#,
        #"edu0: interrupting at .+"#,
        #"edu0: factorial\(12\) = 479001600 \(correct\)"#,
        #"edu0: DMA 4096 bytes RAM -> device -> RAM at 0x[0-9a-f]+: match"#,
        #"edu0: [0-9]+ interrupts, 4 DMA transfers, 0 timeouts"#,
        #"edu0:? detached"#,
        #"DMA in use after detach: 0 maps \(0 loaded\), 0 bytes of DMA memory in 0 segments"#,
    ]

    static func assertEduLines(_ output: String, skipping: Int = 0, file: StaticString = #filePath, line: UInt = #line) {
        var rest = output[...]
        for pattern in eduLines.dropFirst(skipping) {
            guard let r = rest.range(of: pattern, options: .regularExpression) else {
                XCTFail("no line /\(pattern)/ (in this order) in:\n\(output)", file: file, line: line)
                return
            }
            rest = rest[r.upperBound...]
        }
    }

    func testAttachBindsRunsEduAndGivesItBack() throws {
        let c = try check("attach")
        XCTAssertEqual(c.status, 0, c.output)
        Self.assertEduLines(c.output)
        XCTAssertTrue(c.output.contains("(no driver) -> uio_pci_generic"), c.output)
        XCTAssertTrue(c.output.contains("uio_pci_generic -> (no driver)"), c.output)
        XCTAssertEqual(try check("driver-after-attach").output, "none")
    }

    func testAttachOnBoundDeviceKeepsBinding() throws {
        let c = try check("attach-bound")
        XCTAssertEqual(c.status, 0, c.output)
        Self.assertEduLines(c.output)
        XCTAssertEqual(try check("driver-after-attach-bound").output, "uio_pci_generic")
    }

    func testSigtermDetaches() throws {
        let c = try check("attach-sigterm")
        XCTAssertEqual(c.status, 0, c.output)
        Self.assertEduLines(c.output)
    }

    func testNotRootSaysBind() throws {
        let c = try check("attach-not-root")
        XCTAssertNotEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains("nbshim bind"), c.output)
        XCTAssertEqual(c.output.split(separator: "\n").count, 1, "one line: \(c.output)")
    }

    func testModuleDriverOutbidsBuiltIn() throws {
        let c = try check("attach-module")
        XCTAssertEqual(c.status, 0, c.output)
        XCTAssertNotNil(c.output.range(of: #"eduprobe0 at pci0 dev [0-9]+ function 0: claimed by a module"#,
                                       options: .regularExpression), c.output)
        XCTAssertTrue(c.output.contains("eduprobe0: detached"), c.output)
        XCTAssertFalse(c.output.contains("edu0"), c.output)
    }

    func testGDBStopsInEduAttach() throws {
        let c = try check("gdb")
        XCTAssertEqual(c.status, 0, c.output)
        // The stop, then a backtrace whose innermost frame is the driver's attach function, called
        // from the personality's autoconf on the way from nbk_pci_attach.
        XCTAssertNotNil(c.output.range(of: #"Breakpoint [0-9]+, edu_attach \(parent=.*, self=.*, aux=.*\) at .*edu\.c:[0-9]+"#,
                                       options: .regularExpression), c.output)
        XCTAssertNotNil(c.output.range(of: #"#0 +edu_attach \("#, options: .regularExpression), c.output)
        XCTAssertNotNil(c.output.range(of: #"#[0-9]+ +.*nbk_pci_attach \("#, options: .regularExpression), c.output)
        // The stop splits the attach line ("edu0 at pci0 dev 3 function 0", gdb's lines, ": QEMU ...").
        Self.assertEduLines(c.output, skipping: 1)
    }
}
