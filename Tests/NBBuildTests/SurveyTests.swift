import XCTest
@testable import NBBuild

/// `nbshim survey` over a small tree of our own: a NIC-like driver with PHYs that links, one that
/// needs a symbol the host lacks, one that does not compile; the table, JSON, floor and the object
/// cache shared by the drivers.
final class SurveyTests: XCTestCase {
    var t: ScratchTree!

    override func setUpWithError() throws {
        guard !Package.nbshim.isEmpty else { throw XCTSkip("no nbshim binary beside the test bundle (swift build first)") }
        t = try ScratchTree()
        try t.write("conf/files.nbshim", """
            device pci {[dev = -1], [function = -1]}
            define mii {[phy = -1]}
            define i2c {addr}
            device good: mii
            attach good at pci
            file good.c good
            device other: mii
            attach other at pci
            file other.c other
            file shared.c good | other needs-flag
            device aphy
            attach aphy at mii
            file aphy.c aphy
            device lostphy
            attach lostphy at mii
            file lostphy.c lostphy
            device sensor
            attach sensor at i2c
            file sensor.c sensor
            device needy: i2c
            attach needy at pci
            file needy.c needy
            device broken
            attach broken at pci
            file broken.c broken

            """)
        for d in ["good", "other", "aphy", "needy", "broken", "sensor"] {
            let body: String
            switch d {
            case "needy": body = "int nbshim_test_missing_fn(int);\nstatic int \(d)_match(device_t p, cfdata_t cf, void *aux) { return nbshim_test_missing_fn(1); }\n"
            case "broken": body = "static nbshim_test_type_t x;\nstatic int \(d)_match(device_t p, cfdata_t cf, void *aux) { return 0; }\n"
            default: body = "static int \(d)_match(device_t p, cfdata_t cf, void *aux) { return 0; }\n"
            }
            try t.write("\(d).c", """
                #include <sys/param.h>
                #include <sys/device.h>
                \(body)static void \(d)_attach(device_t p, device_t s, void *aux) { }
                CFATTACH_DECL_NEW(\(d), 0, \(d)_match, \(d)_attach, NULL, NULL);

                """)
        }
        // Compiled for good and for other: what it makes depends on the needs-flag header good.h.
        try t.write("shared.c", """
            #include "good.h"
            #if NGOOD > 0
            int shared_for_good;
            #endif
            int shared_always;

            """)
    }
    override func tearDown() { t?.remove() }

    func options() throws -> Survey.Options {
        let b = BuildOptions(treeRoot: t.root, treeKind: .own, config: "", shimInclude: Package.shimInclude,
                             host: Package.nbshim, clang: try Toolchain.clang())
        return Survey.Options(build: b, work: t.root + "/work")
    }

    func testConfigGivesTheDriverItsChildren() throws {
        let tree = try Builder.loadTree(try options().build)
        XCTAssertEqual(try Survey.drivers(tree, bus: "pci"), ["broken", "good", "needy", "other"])
        // lostphy's source is not in the tree; sensor needs an address, which no survey can guess.
        XCTAssertEqual(Survey.config(tree, driver: "good", bus: "pci"), ["good* at pci? dev ? function ?", "aphy* at mii? phy ?"])
        XCTAssertEqual(Survey.config(tree, driver: "needy", bus: "pci"), ["needy* at pci? dev ? function ?"])
        XCTAssertThrowsMessage(try Survey.drivers(tree, bus: "mii"), contains: ["--bus mii", "only pci"])
    }

    func testResultsTableJSONAndFloor() throws {
        var o = try options()
        o.jobs = 2
        let seen = Lines()
        let r = try Survey.run(o) { seen.add($0.driver) }
        XCTAssertEqual(Set(seen.all), ["broken", "good", "needy", "other"])
        let by = Dictionary(uniqueKeysWithValues: r.drivers.map { ($0.driver, $0) })
        XCTAssertEqual(r.drivers.map(\.driver), ["broken", "good", "needy", "other"])
        XCTAssertEqual(by["good"]?.result, .links)
        XCTAssertEqual(by["other"]?.result, .links)
        XCTAssertEqual(by["needy"]?.result, .unresolved)
        XCTAssertEqual(by["needy"]?.missing.map(\.kind), ["other"])
        XCTAssertEqual(by["needy"]?.missing.first?.items, ["nbshim_test_missing_fn"])
        XCTAssertEqual(by["broken"]?.result, .compile)
        XCTAssertTrue(by["broken"]?.missing.contains { $0.kind == "unknown types" && $0.items == ["nbshim_test_type_t"] } ?? false,
                      "\(String(describing: by["broken"]))")
        XCTAssertTrue(FileManager.default.fileExists(atPath: o.work + "/good.so"))

        let table = Survey.table(r)
        XCTAssertTrue(table.hasSuffix("links: 2 of 4\n"), table)
        XCTAssertTrue(table.contains("needy   unresolved symbols"), table)
        XCTAssertTrue(table.contains("other: nbshim_test_missing_fn"), table)
        XCTAssertTrue(table.contains("unknown types: nbshim_test_type_t"), table)

        let json = try JSONSerialization.jsonObject(with: Data(try Survey.json(r).utf8)) as? [String: Any]
        XCTAssertEqual(json?["links"] as? Int, 2)
        XCTAssertEqual(json?["total"] as? Int, 4)
        let drivers = json?["drivers"] as? [[String: Any]] ?? []
        let needy = drivers.first { $0["driver"] as? String == "needy" }
        XCTAssertEqual(needy?["result"] as? String, "unresolved symbols")
        XCTAssertEqual((needy?["missing"] as? [[String: Any]])?.first?["items"] as? [String], ["nbshim_test_missing_fn"])
        XCTAssertEqual(needy?["config"] as? [String], ["needy* at pci? dev ? function ?"])
        XCTAssertNotNil(needy?["seconds"] as? Double)

        let floor = t.root + "/floor.txt"
        try "2\n".write(toFile: floor, atomically: true, encoding: .utf8)
        XCTAssertNil(try Survey.belowFloor(r, file: floor))
        try "# the least links count\n3\n".write(toFile: floor, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Survey.belowFloor(r, file: floor), "survey: links dropped to 2 of 4, below the floor of 3 in \(floor)")
        try "three\n".write(toFile: floor, atomically: true, encoding: .utf8)
        XCTAssertThrowsMessage(try Survey.belowFloor(r, file: floor) as Any, contains: [floor, "expected one number"])
    }

    /// aphy.c is the same for good and other: compiled once. shared.c includes good.h, which
    /// says NGOOD 1 for good and 0 for other: compiled for each, and each module has its own.
    func testObjectCacheSharesOnlyWhatIsTheSame() throws {
        var o = try options()
        o.jobs = 1
        o.drivers = ["good", "other"]
        let r = try Survey.run(o) { _ in }
        XCTAssertEqual(r.links, 2)
        let logs = try ["good", "other"].map { try String(contentsOfFile: o.work + "/\($0).log", encoding: .utf8) }
        XCTAssertTrue(logs[0].contains("CC aphy.c\n") && logs[1].contains("CC aphy.c (cached)\n"), logs.joined())
        XCTAssertTrue(logs[0].contains("CC shared.c\n") && logs[1].contains("CC shared.c\n"), logs.joined())
        // good.c, aphy.c, shared.c for good; other.c and shared.c again for other (ioconf.c is each module's own).
        XCTAssertEqual(r.compiled, 5)
        XCTAssertEqual(r.reused, 1)
        let b = try options().build
        XCTAssertTrue(try Builder.symbols(b, ["--defined-only"], o.work + "/good.so").contains("shared_for_good"))
        let other = try Builder.symbols(b, ["--defined-only"], o.work + "/other.so")
        XCTAssertTrue(other.contains("shared_always") && !other.contains("shared_for_good"))
    }

    func testUnknownDriverIsOneLine() throws {
        var o = try options()
        o.drivers = ["nosuch"]
        XCTAssertThrowsMessage(try Survey.run(o) { _ in }, contains: ["nosuch does not attach at pci", "4 drivers do"])
    }
}
