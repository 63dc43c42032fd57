import NBHost
import XCTest

/// ifmedia words to and from ifconfig's names.
final class MediaWordTests: XCTestCase {
    func testEthernetNamesRoundTrip() throws {
        XCTAssertEqual(MediaWord(0x20).description, "autoselect")
        XCTAssertEqual(MediaWord(0x20 | 6 | 0x0010_0000).description, "100baseTX full-duplex")
        XCTAssertEqual(MediaWord(0x20 | 16 | 0x0010_0000 | 0x100 | 0x1000_0000).description, "1000baseT full-duplex master instance 1")
        XCTAssertEqual(MediaWord(0x20).typeName, "Ethernet")
        for text in ["10baseT", "100baseTX full-duplex", "1000baseT full-duplex flowcontrol rxpause txpause", "none", "10GbaseT"] {
            let word = try MediaWord(parsing: text.split(separator: " ").map(String.init), type: MediaWord.ethernet)
            XCTAssertEqual(word.description, text)
        }
        XCTAssertEqual(try MediaWord(parsing: ["auto", "FDX"], type: MediaWord.ethernet), MediaWord(0x20 | 0x0010_0000))
        XCTAssertEqual(try MediaWord(parsing: ["UTP"], type: MediaWord.ethernet), MediaWord(0x20 | 3))
    }

    func testWirelessModes() throws {
        let w = try MediaWord(parsing: ["autoselect", "mode", "11g", "hostap"], type: MediaWord.ieee80211)
        XCTAssertEqual(w.value, 0x80 | 0x3_0000 | 0x200)
        XCTAssertEqual(w.description, "autoselect hostap mode 11g")
        XCTAssertEqual(MediaWord(0x80 | 17).description, "OFDM/54Mbps")
    }

    func testRefusalsSayWhatIsKnown() {
        XCTAssertThrowsError(try MediaWord(parsing: ["100baseTX", "turbo"], type: MediaWord.ethernet)) {
            XCTAssertTrue("\($0)".hasPrefix("'turbo' is not a media option of Ethernet media: use full-duplex, half-duplex"), "\($0)")
        }
        XCTAssertThrowsError(try MediaWord(parsing: ["mode", "11g"], type: MediaWord.ethernet)) {
            XCTAssertTrue("\($0)".hasPrefix("'mode' is not Ethernet media"), "\($0)")
        }
        XCTAssertThrowsError(try MediaWord(parsing: [], type: MediaWord.ethernet))
    }
}
