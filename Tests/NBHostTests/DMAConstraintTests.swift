import NBHost
import XCTest

/// The pure constraint rules: no memory, no device.
final class DMAConstraintTests: XCTestCase {
    let edu = DMAConstraints(alignment: 4096, boundary: 0, maxAddress: 0x0fff_ffff)

    func testAcceptsBufferInsideAllLimits() {
        XCTAssertNil(edu.violation(busAddress: 0x0020_0000, size: 4096))
        XCTAssertNil(edu.violation(busAddress: 0x0fff_f000, size: 4096), "the last page below 256 MiB ends exactly at maxAddress")
    }

    func testMaxAddressCoversTheLastByte() throws {
        let why = try XCTUnwrap(edu.violation(busAddress: 0x1000_0000, size: 4096))
        XCTAssertEqual(why, "0x10000000-0x10000fff ends above 0x0fffffff")
        XCTAssertNotNil(edu.violation(busAddress: 0x1_2340_0000, size: 8), "an address above 4 GiB is refused for a 28-bit device")
        XCTAssertNotNil(edu.violation(busAddress: 0x0fe0_0000, size: (2 << 20) + 4096), "a buffer that starts low but ends high is refused")
    }

    func testAlignment() {
        let c = DMAConstraints(alignment: 65536)
        XCTAssertNil(c.violation(busAddress: 0x3_0000, size: 100))
        XCTAssertEqual(c.violation(busAddress: 0x3_1000, size: 100), "0x00031000 is not aligned to 65536")
    }

    func testBoundaryCrossing() {
        let c = DMAConstraints(alignment: 1, boundary: 0x1000)
        XCTAssertNil(c.violation(busAddress: 0x1000, size: 0x1000), "exactly one boundary window")
        XCTAssertEqual(c.violation(busAddress: 0x1800, size: 0x1000), "0x00001800-0x000027ff crosses a 0x00001000 boundary")
        XCTAssertNil(c.violation(busAddress: 0x1800, size: 0x800), "ends on the last byte before the boundary")
    }

    func testWrapAroundIsRefused() {
        XCTAssertNotNil(DMAConstraints(alignment: 1).violation(busAddress: .max - 10, size: 100))
    }

    func testImpossibleRequestsAreRefusedUpFront() {
        func message(_ c: DMAConstraints, _ size: Int) -> String? {
            do { try c.validate(size: size); return nil } catch { return "\(error)" }
        }
        XCTAssertNil(message(edu, 4096))
        XCTAssertNil(message(edu, 2 << 20))
        XCTAssertTrue(message(edu, (2 << 20) + 1)?.contains("larger than one 2 MiB hugepage") == true)
        XCTAssertTrue(message(DMAConstraints(boundary: 0x1000), 0x2000)?.contains("cannot fit between 0x00001000 boundaries") == true)
        XCTAssertTrue(message(DMAConstraints(alignment: 3000), 64)?.contains("not a power of two") == true)
        XCTAssertTrue(message(DMAConstraints(boundary: 0x3000), 64)?.contains("neither 0 nor a power of two") == true)
        XCTAssertTrue(message(DMAConstraints(maxAddress: 0xfff), 0x2000)?.contains("cannot fit below maximum address") == true)
        XCTAssertNotNil(message(edu, 0))
    }
}
