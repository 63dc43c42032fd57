import ArgumentParser
import Foundation
import NBPCI

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List the devices nbshim holds or left behind, their owner, and how to give each back.",
        discussion: """
            Reads nbshim's records in /run/nbshim: for each device, the driver it had before nbshim \
            bound it, the nbshim attach that drives it and whether that process still runs, and the \
            command that gives the device back. A device whose attach ended without giving it back \
            (kill -9, a crash) is 'left behind': `nbshim unbind BDF` restores it, and a new \
            `nbshim attach` takes it over.
            """)

    @Flag(help: "Print a JSON array instead of text.")
    var json = false

    func run() throws {
        let held = try HeldDevice.scan()
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(held), as: UTF8.self))
        } else if held.isEmpty {
            print("nbshim holds no devices and left none behind")
        } else {
            held.forEach { print($0.line) }
        }
    }
}
