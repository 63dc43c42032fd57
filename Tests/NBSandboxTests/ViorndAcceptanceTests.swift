import Foundation
import XCTest

/// Issue 4's acceptance: viornd and virtio from a NetBSD tree, unmodified, built by `nbshim build`
/// and run by `nbshim attach` on QEMU's virtio-rng-pci in a guest. Needs NETBSD_SRC (CI has no
/// tree and skips). One guest runs Tests/sandbox/viornd-checks.sh.
final class ViorndAcceptanceTests: GuestTestCase {
    override class func bootGuest() throws -> [String: Check] {
        let module = try treeModule("viornd")
        return try sandbox(["--device", "virtio-rng-pci"], script: "viornd-checks.sh", env: ["NBSHIM_TEST_MODULE": module])
    }

    func testAttachLinesForVirtioAndViornd() throws {
        let c = try check("attach-sigterm")
        var rest = c.output[...]
        for pattern in [#"virtio0 at pci0 dev [0-9]+ function 0\n"#,
                        #"virtio0: Virtio Entropy Device \(rev\. 0x00\)\n"#,
                        #"viornd0 at virtio0: Features: 0x[0-9a-f]+"#,
                        #"virtio0: interrupting at uio[0-9]+ intx\n"#] {
            let r = rest.range(of: pattern, options: .regularExpression)
            XCTAssertNotNil(r, "no /\(pattern)/ in order in:\n\(c.output)")
            if let r { rest = rest[r.upperBound...] }
        }
    }

    func testEntropyCountGrows() throws {
        let c = try check("attach-sigterm")
        let counts = c.output.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("rnd: viornd0 (rng): ") else { return nil }
            return Int(line.dropFirst("rnd: viornd0 (rng): ".count).split(separator: " ")[0])
        }
        XCTAssertGreaterThanOrEqual(counts.count, 4, c.output)
        XCTAssertEqual(counts, counts.sorted(), "counts never go down: \(counts)")
        XCTAssertGreaterThan(counts.last ?? 0, counts.first ?? 0, "the byte count grows: \(counts)")
    }

    func testSigtermDetachesCleanlyAndGivesTheDeviceBack() throws {
        let c = try check("attach-sigterm")
        XCTAssertEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains("viornd0: no detach function; quiesced at exit\n"), c.output)
        XCTAssertNotNil(c.output.range(of: #"[0-9a-f:.]+: taken from its driver: bus mastering and decoding off"#,
                                       options: .regularExpression), c.output)
        XCTAssertFalse(c.output.contains("Error"), c.output)
        XCTAssertEqual(try check("driver-after").output, try check("driver-before").output,
                       "the function is back on its original driver")
    }
}
