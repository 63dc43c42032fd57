import XCTest
@testable import NBPCI

final class PCIAddressTests: XCTestCase {
    func testParseAndFormat() {
        XCTAssertEqual(PCIAddress("0001:0a:1f.7")?.description, "0001:0a:1f.7")
        XCTAssertEqual(PCIAddress("00:03.0"), PCIAddress(domain: 0, bus: 0, device: 3, function: 0))
        XCTAssertNil(PCIAddress("00:20.0"), "device numbers stop at 31")
        XCTAssertNil(PCIAddress("00:03.8"), "function numbers stop at 7")
        XCTAssertNil(PCIAddress("8086:100e"))
        XCTAssertEqual(PCIID("8086:100e"), PCIID(vendor: 0x8086, device: 0x100e))
        XCTAssertNil(PCIID("0000:00:03.0"))
    }
}
