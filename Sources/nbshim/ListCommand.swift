import ArgumentParser
import Foundation
import NBPCI

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List PCI functions (lspci -nnk style) from /sys/bus/pci/devices.",
        discussion: """
            A -s or -d that matches nothing prints nothing and exits 0, as lspci does. A function whose \
            config space cannot be decoded is still listed; its error goes to stderr and the exit status is 1.
            """)

    @Flag(name: .short, help: "Also decode config space: header, interrupt, BARs, capabilities.")
    var verbose = false

    @Flag(help: "Print a JSON array instead of text.")
    var json = false

    @Option(name: .customShort("d"), help: ArgumentHelp("Only these ids (hex): 8086:100e, 8086: or :100e.", valueName: "VENDOR:DEVICE"))
    var ids: String?

    @Option(name: .customShort("s"), help: ArgumentHelp("Only this address: DDDD:BB:DD.F, or BB:DD.F in any domain.", valueName: "BDF"))
    var slot: String?

    func run() throws {
        let listing = try DeviceListing(ids: try ids.map(IDFilter.init), slot: try slot.map(SlotFilter.init),
                                        verbose: verbose)
        print(json ? try listing.json() : listing.text(verbose: verbose), terminator: "")
        for e in listing.errors { FileHandle.standardError.write(Data(("nbshim list: " + e + "\n").utf8)) }
        if !listing.errors.isEmpty { throw ExitCode(1) }
    }
}
