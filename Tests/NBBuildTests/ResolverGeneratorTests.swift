import XCTest
@testable import NBBuild

/// A synthetic tree shaped like NetBSD's: pci provided by the shim, a virtio-like bus with a
/// child, a NIC offering mii with PHYs, kernel-core files the module must not compile.
final class ResolverGeneratorTests: XCTestCase {
    var t: ScratchTree!
    var tree: ConfTree!

    override func setUpWithError() throws {
        t = try ScratchTree()
        try t.write("conf/files", """
            devclass ifnet
            define kern
            define pcibus {[bus = -1]}
            define ether
            defflag opt_vbus.h VBUS_DEBUG
            defparam opt_vbus.h VBUS_QUEUE=64
            defflag opt_net_mpsafe.h NET_MPSAFE
            file kern/core.c kern
            file kern/always.c
            file crypto/rijndael/aes.c
            device pci {[dev = -1], [function = -1]}
            attach pci at pcibus
            file dev/pci/pci.c pci needs-flag
            file net/ethersubr.c ether needs-flag
            device vbus {}
            attach vbus at pci
            file dev/vbus.c vbus
            device vrnd
            attach vrnd at vbus
            file dev/vrnd.c vrnd
            file dev/vrnd_debug.c vrnd & vbus_debug
            file dev/vbus_flags.c (vbus_debug | nic) & vblk needs-flag
            device vblk
            attach vblk at vbus with vblk_vbus
            file dev/vblk_vbus.c vblk_vbus
            define mii {[phy = -1]}
            define mii_phy
            file dev/mii/mii.c mii
            file dev/mii/mii_physubr.c mii_phy
            file dev/mii/mii_ether.c mii & ether
            device nic: ether, ifnet, mii
            attach nic at pci
            file dev/pci/if_nic.c nic needs-count
            device aphy: mii_phy
            attach aphy at mii
            file dev/mii/aphy.c aphy
            device bphy: mii_phy
            attach bphy at mii
            file dev/mii/bphy.c bphy

            """)
        tree = try FilesParser.load(root: t.root, files: ["conf/files"])
    }
    override func tearDown() { t.remove() }

    func plan(_ cfg: String, allowChildless: Bool = false) throws -> ModulePlan {
        try Resolver.resolve(tree: tree, fragment: try ConfigFragment.parse(cfg, file: "test.conf"),
                             name: "mod", allowChildless: allowChildless)
    }

    func testFragmentSyntax() throws {
        let f = try ConfigFragment.parse("""
            # comment
            vbus*  at pci? dev ? function ?
            vrnd0  at vbus1
            nic*   at pci? dev 3 function ? flags 0x10
            options VBUS_DEBUG, VBUS_QUEUE=128
            pseudo-device loop 1

            """, file: "f.conf")
        XCTAssertEqual(f.instances.map(\.line), ["vbus* at pci? dev ? function ?", "vrnd0 at vbus1", "nic* at pci? dev 3 function ?"])
        XCTAssertEqual(f.instances[1].unit, 0)
        XCTAssertEqual(f.instances[1].parentUnit, 1)
        XCTAssertEqual(f.instances[2].flags, 16)
        XCTAssertEqual(f.options.map(\.name), ["VBUS_DEBUG", "VBUS_QUEUE"])
        XCTAssertEqual(f.options[1].value, "128")
        XCTAssertEqual(f.pseudoDevices, ["loop"])
        XCTAssertEqual(f.instances[1].location.description, "f.conf:3")

        XCTAssertThrowsMessage(try ConfigFragment.parse("wm at pci?\n", file: "f.conf"), contains: ["f.conf:1:", "wm*"])
        XCTAssertThrowsMessage(try ConfigFragment.parse("\nwm* pci?\n", file: "f.conf"), contains: ["f.conf:2:", "expected `at PARENT`"])
        XCTAssertThrowsMessage(try ConfigFragment.parse("wm* at pci\n", file: "f.conf"), contains: ["f.conf:1:", "pci?"])
        XCTAssertThrowsMessage(try ConfigFragment.parse("wm* at pci? dev x\n", file: "f.conf"), contains: ["f.conf:1:", "number or `?`"])
        XCTAssertThrowsMessage(try ConfigFragment.parse("# nothing\n", file: "f.conf"), contains: ["f.conf", "no device lines"])
    }

    /// The rest of the kernel-config grammar: `no` lines take back earlier ones, `select` chooses
    /// an attribute, makeoptions set or append; lines meaningless for a module warn, one each.
    func testFragmentNegationsSelectsAndSkippedLines() throws {
        let f = try ConfigFragment.parse("""
            ident\tMYKERNEL
            maxusers 64
            config netbsd root on ? type ?
            file-system FFS, NFS
            vbus* at pci? dev ? function ?
            vrnd* at vbus?
            vblk0 at vbus?
            vblk1 at vbus?
            options VBUS_DEBUG, VBUS_QUEUE=128
            no options VBUS_DEBUG
            select mii_phy
            select ether
            no select ether
            makeoptions CPPFLAGS="-DA", COPTS+="-O1"
            makeoptions CPPFLAGS+="-DB"
            no vblk0
            no vrnd* at vbus?
            pseudo-device loop
            no pseudo-device loop

            """, file: "f.conf")
        XCTAssertEqual(f.instances.map(\.line), ["vbus* at pci? dev ? function ?", "vblk1 at vbus?"])
        XCTAssertEqual(f.options.map(\.name), ["VBUS_QUEUE"])
        XCTAssertEqual(f.selects, ["mii_phy"])
        XCTAssertEqual(f.pseudoDevices, [])
        XCTAssertEqual(f.makeoptions.map(\.name), ["CPPFLAGS", "COPTS", "CPPFLAGS"])
        XCTAssertEqual(f.warnings.count, 4)
        XCTAssertTrue(f.warnings[0].hasPrefix("f.conf:1: `ident` line skipped"), f.warnings[0])

        let p = try Resolver.resolve(tree: tree, fragment: f, name: "mod")
        XCTAssertTrue(p.files.map(\.path).contains("dev/mii/mii_physubr.c"), "select mii_phy takes its files")
        XCTAssertEqual(Array(p.cppflags.prefix(2)), ["-DA", "-DB"])
        XCTAssertThrowsMessage(try ConfigFragment.parse("vbus* at pci?\nno vrnd*\n", file: "f.conf"),
                               contains: ["f.conf:2:", "`no vrnd*` matches no earlier line"])
        XCTAssertThrowsMessage(try plan("vbus* at pci? dev ? function ?\nvrnd* at vbus?\nselect nothere\n"),
                               contains: ["`select nothere`", "no attribute"])
    }

    /// Tree makeoptions hold by the module's selection: CPPFLAGS with $S / ${S} made the tree's
    /// root; any other variable (a per-file CWARNFLAGS) is listed as not applied.
    func testTreeMakeoptions() throws {
        try t.write("conf/files.mk", """
            device mkdev
            attach mkdev at pci
            file dev/mkdev.c mkdev
            makeoptions mkdev CPPFLAGS+="-I$S/a -I${S}/b"
            makeoptions mkdev "CWARNFLAGS.mkdev.c"+="-Wno-x"
            makeoptions vbus CPPFLAGS+="-DVBUS"
            makeoptions kern CFLAGS+="-DKERNEL_WIDE"

            """)
        tree = try FilesParser.load(root: t.root, files: ["conf/files", "conf/files.mk"])
        let p = try plan("mkdev* at pci? dev ? function ?\n")
        XCTAssertEqual(p.cppflags, ["-I\(t.root)/a", "-I\(t.root)/b"])
        XCTAssertEqual(p.unappliedMakeoptions.map(\.name), ["CWARNFLAGS.mkdev.c"], "kernel-wide ones are not the module's")
    }

    func testResolvesFilesMinusTheShim() throws {
        let p = try plan("vbus* at pci? dev ? function ?\nvrnd* at vbus?\nvblk* at vbus?\n")
        XCTAssertEqual(p.files.map(\.path), ["dev/vbus.c", "dev/vrnd.c", "dev/vblk_vbus.c"])
        XCTAssertEqual(p.instances.map(\.attachment), ["vbus", "vrnd", "vblk_vbus"])
        XCTAssertEqual(p.instances[0].locators, ["-1", "-1"])
        XCTAssertEqual(p.instances[0].parentDevice, "pci")
        XCTAssertEqual(p.instances[1].iattr, "vbus")
        XCTAssertTrue(p.selected.contains("pci") && p.provided.contains("pci"))
        XCTAssertEqual(p.library.map(\.path), ["crypto/rijndael/aes.c"], "always-present files under ShimProvided.libraries only")

        let d = try plan("vbus* at pci? dev ? function ?\nvrnd* at vbus?\noptions VBUS_DEBUG\n")
        XCTAssertEqual(d.files.map(\.path), ["dev/vbus.c", "dev/vrnd.c", "dev/vrnd_debug.c"])
    }

    func testNicWithPhys() throws {
        let p = try plan("nic* at pci? dev ? function ?\naphy* at mii? phy ?\nbphy1 at mii? phy 2\n")
        XCTAssertEqual(p.files.map(\.path), ["dev/mii/mii.c", "dev/mii/mii_physubr.c", "dev/mii/mii_ether.c",
                                             "dev/pci/if_nic.c", "dev/mii/aphy.c", "dev/mii/bphy.c"])
        XCTAssertNil(p.instances[1].parentDevice, "`at mii?` names an attribute: any parent offering it")
        XCTAssertEqual(p.instances[2].locators, ["2"])
    }

    func testIncompleteConfigsGiveOneClearLine() throws {
        XCTAssertThrowsMessage(try plan("vrnd* at vbus?\n"),
                               contains: ["test.conf:1:", "nothing in the config is a `vbus`", "vbus* at pci? dev ? function ?"])
        XCTAssertThrowsMessage(try plan("nic* at pci? dev ? function ?\n"),
                               contains: ["nic offers `mii` but nothing in the config attaches at it", "aphy, bphy", "--allow-childless"])
        XCTAssertEqual(try plan("nic* at pci? dev ? function ?\n", allowChildless: true).files.count, 3)
        XCTAssertThrowsMessage(try plan("aphy* at mii? phy ?\n"), contains: ["nothing in the config offers `mii`", "nic"])
        XCTAssertThrowsMessage(try plan("nope* at pci? dev ? function ?\n"), contains: ["no device `nope`"])
        XCTAssertThrowsMessage(try plan("vrnd* at pci? dev ? function ?\n"), contains: ["vrnd attaches at vbus, not at pci"])
        XCTAssertThrowsMessage(try plan("vbus* at pci? slot ?\n"), contains: ["has no locator `slot`", "dev, function"])
        XCTAssertThrowsMessage(try plan("vbus* at bogus?\n"), contains: ["neither a device nor an interface attribute"])
    }

    func testIoconfAndHeaders() throws {
        let p = try plan("nic* at pci? dev ? function ?\naphy* at mii? phy ?\nbphy1 at mii? phy 2\noptions VBUS_QUEUE=128, NET_MPSAFE\n")
        let g = Generator.files(p)
        let io = try XCTUnwrap(g["ioconf.c"])
        XCTAssertTrue(io.contains("#include <sys/nbshim_ioconf.h>"))
        XCTAssertTrue(io.contains("static const struct cfiattrdata mii_iattrdata = {\n\t\"mii\", 1, {\n\t\t{ \"phy\", \"-1\", -1 },\n\t}\n};"), io)
        XCTAssertTrue(io.contains("static const struct cfiattrdata *const nic_attrs[] = { &mii_iattrdata, NULL };"), io)
        XCTAssertTrue(io.contains("CFDRIVER_DECL(nic, DV_IFNET, nic_attrs);"), io)
        XCTAssertTrue(io.contains("CFDRIVER_DECL(aphy, DV_DULL, NULL);"), io)
        XCTAssertTrue(io.contains("static const struct cfparent pspec0 = { \"pci\", \"pci\", DVUNIT_ANY };"), io)
        XCTAssertTrue(io.contains("static const struct cfparent pspec1 = { \"mii\", NULL, DVUNIT_ANY };"), io)
        XCTAssertTrue(io.contains("{ \"nic\", \"nic\", 0, FSTATE_STAR, loc + 0, 0, &pspec0 },"), io)
        XCTAssertTrue(io.contains("{ \"bphy\", \"bphy\", 1, FSTATE_NOTFOUND, loc + 3, 0, &pspec1 },"), io)
        XCTAssertTrue(io.contains("-1, -1, /* nic* */\n\t-1, /* aphy* */\n\t2, /* bphy1 */"), io)
        XCTAssertTrue(io.contains("NBSHIM_IOCONF(mod, cfdata);"))
        XCTAssertFalse(io.contains("CFDRIVER_DECL(pci"), "the shim's pci is not the module's")

        let locs = try XCTUnwrap(g["locators.h"])
        for line in ["#define\tPCICF_DEV\t0", "#define\tPCICF_DEV_DEFAULT\t-1", "#define\tPCICF_FUNCTION\t1",
                     "#define\tPCICF_NLOCS\t2", "#define\tMIICF_PHY\t0", "#define\tPCIBUSCF_BUS\t0"] {
            XCTAssertTrue(locs.contains(line + "\n"), line)
        }
        XCTAssertTrue(g["opt_vbus.h"]?.contains("#define\tVBUS_QUEUE\t128") ?? false)
        XCTAssertFalse(g["opt_vbus.h"]?.contains("VBUS_DEBUG") ?? true)
        XCTAssertTrue(g["opt_net_mpsafe.h"]?.contains("#define\tNET_MPSAFE\t1") ?? false)
        XCTAssertEqual(g["pci.h"]?.contains("#define\tNPCI\t1"), true)
        XCTAssertEqual(g["ether.h"]?.contains("#define\tNETHER\t1"), true, "the shim provides ether")
        XCTAssertEqual(g["nic.h"]?.contains("#define\tNNIC\t1"), true)
        XCTAssertEqual(g["vbus_debug.h"], Generator.banner + "#define\tNVBUS_DEBUG\t0\n#define\tNNIC\t1\n#define\tNVBLK\t0\n",
                       "one header per line, named after its first name, with every name (config(1))")
        XCTAssertTrue(g["ioconf.h"]?.contains("extern struct cfdriver nic_cd;") ?? false)
    }

    /// The generated ioconf.c is valid C against the shim's own headers.
    func testIoconfCompilesAgainstTheShimHeaders() throws {
        let p = try plan("vbus* at pci? dev ? function ?\nvrnd* at vbus?\nnic* at pci? dev ? function ?\naphy* at mii? phy ?\n")
        let dir = t.root + "/gen"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Generator.ioconf(p).write(toFile: dir + "/ioconf.c", atomically: true, encoding: .utf8)
        let r = Builder.run(try Toolchain.clang(), Builder.kernelFlags + ["-Werror", "-fsyntax-only", "-I", Package.shimInclude,
                                                                         "-I", Package.dir + "/CNetBSDShim/include", dir + "/ioconf.c"])
        XCTAssertEqual(r.status, 0, r.output)
    }

    func testDevListHeaders() throws {
        let pci = try DevList.parse("""
            $Id: pcidevs,v 1 $
            /*
             * a comment
             */
            vendor INTEL\t0x8086\tIntel
            product INTEL 82540EM\t0x100e\ti82540EM Gigabit Ethernet /* inline */
            product INTEL NODESC\t0x0001

            """, file: "pcidevs")
        XCTAssertEqual(pci.count, 3)
        let h = DevList.pcidevsHeader(pci)
        XCTAssertTrue(h.contains("#define\tPCI_VENDOR_INTEL\t0x8086\t/* Intel */\n"), h)
        XCTAssertTrue(h.contains("#define\tPCI_PRODUCT_INTEL_82540EM\t0x100e\t/* i82540EM Gigabit Ethernet */\n"), h)
        XCTAssertTrue(h.contains("#define\tPCI_PRODUCT_INTEL_NODESC\t0x0001\n"), h)
        let mii = DevList.miidevsHeader(try DevList.parse("oui xxMARVELL 0x000ac2 Marvell\nmodel xxMARVELL E1011 0x0002 Marvell \"88E1011\"\n", file: "miidevs"))
        XCTAssertTrue(mii.contains("#define\tMII_OUI_xxMARVELL\t0x000ac2"))
        XCTAssertTrue(mii.contains("#define\tMII_MODEL_xxMARVELL_E1011\t0x0002\n"))
        XCTAssertTrue(mii.contains("#define\tMII_STR_xxMARVELL_E1011\t\"Marvell \\\"88E1011\\\"\"\n"), mii)
        XCTAssertThrowsMessage(try DevList.parse("vendor A 0x1\nprodukt A B 0x2\n", file: "pcidevs"), contains: ["pcidevs:2:", "produkt"])

        try t.write("dev/pci/pcidevs", "vendor QUMRANET 0x1af4 Qumranet\n")
        XCTAssertEqual(try DevList.missingHeaders(root: t.root)["dev/pci/pcidevs.h"]?.contains("PCI_VENDOR_QUMRANET"), true)
        try t.write("dev/pci/pcidevs.h", "/* the tree's own */\n")
        XCTAssertNil(try DevList.missingHeaders(root: t.root)["dev/pci/pcidevs.h"], "a tree's generated header wins")
    }

    func testPortingReportGroupsBySubsystem() {
        let r = PortingReport(missing: ["bus_dmamap_sync", "mutex_enter", "ether_ifattach", "ieee80211_ifattach",
                                        "if_attach", "frobnicate", "mii_attach", "ifmedia_init"], notCalled: ["frobnicate"])
        XCTAssertEqual(r.missing["bus_dma(9)"], ["bus_dmamap_sync"])
        XCTAssertEqual(r.missing["mutex(9)"], ["mutex_enter"])
        XCTAssertEqual(r.missing["ethersubr(9)"], ["ether_ifattach"])
        XCTAssertEqual(r.missing["net80211"], ["ieee80211_ifattach"])
        XCTAssertEqual(r.missing["ifnet(9)"], ["if_attach"])
        XCTAssertEqual(r.missing["ifmedia(9)"], ["ifmedia_init"])
        XCTAssertEqual(r.missing["mii(4)"], ["mii_attach"])
        XCTAssertEqual(r.missing["other"], ["frobnicate"])
        XCTAssertEqual(r.count, 8)
        XCTAssertTrue(r.text.contains("frobnicate(not called: data or address)"))
        XCTAssertTrue(PortingReport(missing: [], notCalled: []).isEmpty)
    }
}

final class CompileDiagnosticsTests: XCTestCase {
    func testClassifiesClangErrors() {
        var d = CompileDiagnostics()
        d.add(file: "a.c", output: """
            /t/sys/dev/a.c:3:2: error: unknown type name 'kmutex_t'
            /t/sys/dev/a.c:4:2: error: use of undeclared identifier 'IPL_NET'
            /t/sys/dev/a.c:5:2: error: call to undeclared function 'delay'; ISO C99 and later do not support implicit function declarations
            /t/sys/dev/a.c:6:2: error: no member named 'sc_foo' in 'struct softc'
            /t/sys/uvm/uvm_param.h:76:10: fatal error: 'machine/vmparam.h' file not found
            /t/sys/dev/a.c:7:2: error: something else entirely
            """, roots: ["/t/sys"])
        d.add(file: "b.c", output: "/t/sys/dev/b.c:1:1: error: call to undeclared function 'delay'; ISO C99\n", roots: ["/t/sys"])
        XCTAssertEqual(d.gaps["unknown types"]?["kmutex_t"], ["a.c"])
        XCTAssertEqual(d.gaps["undeclared identifiers"]?["IPL_NET"], ["a.c"])
        XCTAssertEqual(d.gaps["undeclared functions"]?["delay"], ["a.c", "b.c"])
        XCTAssertEqual(d.gaps["missing struct members"]?["struct softc.sc_foo"], ["a.c"])
        XCTAssertEqual(d.gaps["missing headers"]?["machine/vmparam.h via uvm/uvm_param.h"], ["a.c"])
        XCTAssertEqual(d.otherErrors, 1)
        XCTAssertTrue(d.text.contains("undeclared functions (1): delay(2)"), d.text)
    }
}
