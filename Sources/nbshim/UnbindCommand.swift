import ArgumentParser
import NBPCI

struct Unbind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unbind",
        abstract: "Take PCI devices from uio/vfio and give them back to the driver they had before `nbshim bind`.",
        discussion: """
            Also gives back a device an nbshim attach left behind (`nbshim status` lists them), \
            restores its driver_override and clears nbshim's records of it. Refused while a running \
            nbshim attach drives the device.
            """)

    @Argument(help: "PCI addresses (0000:00:04.0), or VENDOR:DEVICE ids")
    var devices: [String]

    func run() throws {
        try requireRoot("unbind")
        let binder = Binder()
        for d in try devices.flatMap({ try PCIDevice.find($0) }) { print(try binder.unbind(d)) }
    }
}
