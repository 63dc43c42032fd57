import XCTest
@testable import NBBuild

final class FilesParserTests: XCTestCase {
    var t: ScratchTree!
    override func setUpWithError() throws { t = try ScratchTree() }
    override func tearDown() { t.remove() }

    func testEveryDirective() throws {
        try t.write("conf/files", """
            version 20150846
            devclass ifnet
            maxpartitions 8
            maxusers 2 16 64
            defflag opt_foo.h FOO BAR: busattr   # comment
            defflag QUUX
            defparam opt_foo.h FOO_SIZE=32
            defopt opt_old.h OLDOPT
            deffs FFS LFS
            obsolete defflag opt_gone.h GONE
            define busattr {[slot = -1], port}
            define helper: support
            define support
            device bus {[dev = -1], [function = -1]}
            attach bus at busattr
            device widget: ifnet, helper, bus
            attach widget at bus with widget_bus: support
            defpseudo loopy: ifnet
            defpseudodev ptydev
            device-major widget char 200 block 201 widget
            makeoptions widget CPPFLAGS+="-I$S/extra"
            file dev/widget.c widget_bus | loopy\tneeds-flag
            file dev/count.c widget needs-count
            file dev/asm.S (widget & !quux) compile-with "${NORMAL_C}"
            file dev/always.c
            object dev/blob.o widget
            file dev/long.c widget |
            \tloopy |
              ptydev
            include "dev/files.sub"
            include "./files.local"
            cinclude "dev/missing/files.missing"
            ifdef widget
            file dev/yes.c widget
            else
            file dev/no.c widget
            endif
            ifndef nonexistent
            ifdef nonexistent
            file dev/inner_no.c widget
            elifdef widget
            file dev/inner_yes.c widget
            endif
            endif
            prefix ../extra
            file lib/extra.c widget
            prefix
            buildprefix lib/x
            buildprefix

            """)
        try t.write("dev/files.sub", "file dev/sub.c widget\n")
        try t.write("conf/files.local", "file dev/local.c widget\n")
        let tree = try FilesParser.load(root: t.root, files: ["conf/files"])
        XCTAssertEqual(tree.filesRead, ["conf/files", "dev/files.sub", "conf/files.local"])
        XCTAssertEqual(tree.maxpartitions, 8)
        XCTAssertEqual(tree.interface("busattr"), [Locator(name: "slot", defaultValue: "-1", arraySize: nil),
                                                  Locator(name: "port", defaultValue: nil, arraySize: nil)])
        XCTAssertEqual(tree.interface("bus")?.map(\.name), ["dev", "function"])
        XCTAssertEqual(tree.attributes["ifnet"]?.kind, .devclass)
        XCTAssertEqual(tree.devices["widget"]?.deps, ["ifnet", "helper", "bus"])
        XCTAssertEqual(tree.devices["loopy"]?.pseudo, true)
        XCTAssertEqual(tree.devices["ptydev"]?.pseudo, true)
        XCTAssertEqual(tree.attachments["widget_bus"]?.device, "widget")
        XCTAssertEqual(tree.attachments["widget_bus"]?.at, ["bus"])
        XCTAssertEqual(tree.attachments["widget_bus"]?.deps, ["support"])
        XCTAssertEqual(tree.attachmentsOf["widget"], ["widget_bus"])
        XCTAssertEqual(tree.options["FOO"]?.header, "opt_foo.h")
        XCTAssertEqual(tree.options["FOO"]?.deps, ["busattr"])
        XCTAssertEqual(tree.options["QUUX"]?.header, "opt_quux.h")
        XCTAssertEqual(tree.options["FOO_SIZE"]?.defaultValue, "32")
        XCTAssertEqual(tree.options["FOO_SIZE"]?.kind, .param)
        XCTAssertEqual(tree.options["OLDOPT"]?.header, "opt_old.h")
        XCTAssertEqual(tree.options["FFS"]?.kind, .filesystem)
        XCTAssertEqual(tree.options["GONE"]?.obsolete, true)
        XCTAssertNotNil(tree.majors["widget"])
        XCTAssertEqual(tree.makeoptions.first?.condition, .name("widget"))
        XCTAssertEqual(tree.makeoptions.first?.value, "-I$S/extra")

        let byPath = Dictionary(tree.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byPath["dev/widget.c"]?.condition, .or(.name("widget_bus"), .name("loopy")))
        XCTAssertEqual(byPath["dev/widget.c"]?.needsFlag, true)
        XCTAssertEqual(byPath["dev/count.c"]?.needsCount, true)
        XCTAssertEqual(byPath["dev/asm.S"]?.condition, .and(.name("widget"), .not(.name("quux"))))
        XCTAssertEqual(byPath["dev/asm.S"]?.compileWith, "${NORMAL_C}")
        XCTAssertNotNil(byPath["dev/always.c"])
        XCTAssertNil(byPath["dev/always.c"]?.condition)
        XCTAssertEqual(byPath["dev/blob.o"]?.isObject, true)
        XCTAssertEqual(byPath["dev/long.c"]?.condition?.names, ["widget", "loopy", "ptydev"])
        XCTAssertEqual(byPath["dev/long.c"]?.location.line, 27)
        XCTAssertNotNil(byPath["dev/sub.c"])
        XCTAssertNotNil(byPath["dev/local.c"])
        XCTAssertNotNil(byPath["dev/yes.c"])
        XCTAssertNil(byPath["dev/no.c"])
        XCTAssertNotNil(byPath["dev/inner_yes.c"])
        XCTAssertNil(byPath["dev/inner_no.c"])
        XCTAssertNotNil(byPath["../extra/lib/extra.c"])
    }

    func testArrayLocatorsAndAttributeTakeover() throws {
        try t.write("conf/files", """
            device vme {[addr[3] = {-1,-1,-1}], [len = 0]}
            define thing {}
            device thing
            defpseudo crypto
            define crypto

            """)
        let tree = try FilesParser.load(root: t.root, files: ["conf/files"])
        XCTAssertEqual(tree.interface("vme")?.first, Locator(name: "addr", defaultValue: "-1,-1,-1", arraySize: 3))
        XCTAssertEqual(tree.interface("thing"), [])
        XCTAssertEqual(tree.attributes["thing"]?.kind, .device)
        XCTAssertEqual(tree.attributes["crypto"]?.kind, .device)
    }

    func malformed(_ text: String, _ parts: [String], line: UInt = #line) throws {
        try t.write("conf/files", text)
        XCTAssertThrowsMessage(try FilesParser.load(root: t.root, files: ["conf/files"]), contains: parts, line: line)
    }

    func testMalformedInputNamesFileAndLine() throws {
        try malformed("devclass disk\nfrobnicate widget\n", ["conf/files:2:", "unknown directive `frobnicate`"])
        try malformed("define a\nifdef a\nfile x.c a\n", ["conf/files:2:", "endif"])
        try malformed("else\n", ["conf/files:1:", "else without ifdef"])
        try malformed("endif\n", ["conf/files:1:", "endif without ifdef"])
        try malformed("device a\n\ndevice a\n", ["conf/files:3:", "already defined at conf/files:1"])
        try malformed("attach nope at pci\n", ["conf/files:1:", "no `device` line declares"])
        try malformed("define plain\ndevice d\nattach d at plain\n", ["conf/files:3:", "not an interface attribute"])
        try malformed("define a {[slot]}\n", ["conf/files:1:", "needs a default"])
        try malformed("define a {slot = -1\n", ["conf/files:1:", "expected `}`"])
        try malformed("define a\nfile x.c a b\n", ["conf/files:2:", "unexpected `b`"])
        try malformed("define a\nfile x.c a | (b\n", ["conf/files:2:", "expected `)`"])
        try malformed("define a\nfile x.c a &\n", ["conf/files:2:", "a name in the condition"])
        try malformed("include \"dev/files.none\n", ["conf/files:1:", "closing quote"])
        try malformed("include \"dev/files.none\"\n", ["conf/files:1:", "cannot read"])
        try malformed("defflag opt_x.h\n", ["conf/files:1:", "without option names"])
        try malformed("defflag X\ndefflag X\n", ["conf/files:2:", "already defined"])
        try malformed("obsolete device x\n", ["conf/files:1:", "defflag or defparam"])
        try malformed("maxpartitions eight\n", ["conf/files:1:", "needs a number"])
        try malformed("prefix\n", ["conf/files:1:", "prefix stack is empty"])
        try malformed("device-major x 12\n", ["conf/files:1:", "char N"])
    }

    func testIncludedFileErrorsNameTheIncludedFile() throws {
        try t.write("conf/files", "device a\ninclude \"dev/files.bad\"\n")
        try t.write("dev/files.bad", "\n\nbogus thing\n")
        XCTAssertThrowsMessage(try FilesParser.load(root: t.root, files: ["conf/files"]), contains: ["dev/files.bad:3:", "bogus"])
    }

    /// The makeoptions forms of both trees: `ATTR CPPFLAGS+="..."` (2016) and the quoted per-file
    /// make variables of 9.1 (files.ath_hal), a condition expression, lists; and lint values.
    func testMakeoptionsAndLintValues() throws {
        try t.write("conf/files", """
            define ath
            define athhal_x
            makeoptions ath\t\t"CWARNFLAGS.ar5212_xmit.c"+="${${ACTIVE_CC} == gcc:? -Wno-error :}"
            makeoptions ath & athhal_x CPPFLAGS+="-I${S}/hal", (ath | athhal_x) CFLAGS+="-g"
            makeoptions\t!ath\tCPPFLAGS+="-DNOATH"
            defparam opt_x.h XSIZE=8 := 16 XFLAG:=1

            """)
        let tree = try FilesParser.load(root: t.root, files: ["conf/files"])
        let m = tree.makeoptions
        XCTAssertEqual(m.map(\.name), ["CWARNFLAGS.ar5212_xmit.c", "CPPFLAGS", "CFLAGS", "CPPFLAGS"])
        XCTAssertEqual(m.map(\.condition), [.name("ath"), .and(.name("ath"), .name("athhal_x")),
                                            .or(.name("ath"), .name("athhal_x")), .not(.name("ath"))])
        XCTAssertEqual(m[0].value, "${${ACTIVE_CC} == gcc:? -Wno-error :}")
        XCTAssertEqual(m[1].value, "-I${S}/hal")
        XCTAssertEqual(tree.options["XSIZE"]?.defaultValue, "8", "`:=` is the lint value, not the default")
        XCTAssertNil(tree.options["XFLAG"]?.defaultValue)
        XCTAssertEqual(tree.options["XFLAG"]?.header, "opt_x.h")

        try malformed("makeoptions CPPFLAGS+=\"-DX\"\n", ["conf/files:1:", "needs a condition"])
        try malformed("makeoptions ath CPPFLAGS=\"-DX\"\n", ["conf/files:1:", "expected `+=` after CPPFLAGS"])
        try malformed("makeoptions ath \"CWARNFLAGS.x.c\"\n", ["conf/files:1:", "expected `+=`"])
        try malformed("makeoptions ath &\n", ["conf/files:1:", "a name in the condition"])
    }

    func testConditions() throws {
        func cond(_ s: String) throws -> Condition {
            var c = TokenCursor(try Tokenizer.statements(s, file: "t")[0])
            let r = try Condition.parse(&c)
            try c.expectEnd()
            return r
        }
        let c = try cond("a | b & !c")
        XCTAssertEqual(c, .or(.name("a"), .and(.name("b"), .not(.name("c")))))
        XCTAssertTrue(c.holds(["a", "c"]))
        XCTAssertTrue(c.holds(["b"]))
        XCTAssertFalse(c.holds(["b", "c"]))
        let p = try cond("(a | b) & !(c & d)")
        XCTAssertTrue(p.holds(["b", "c"]))
        XCTAssertFalse(p.holds(["a", "c", "d"]))
        XCTAssertFalse(p.holds([]))
        XCTAssertTrue(try cond("PCIVERBOSE").holds(["pciverbose"]), "options compare in lower case")
        XCTAssertEqual("\(try cond("!(a|b) & c"))", "!(a | b) & c")
    }
}
