import ArgumentParser
import Foundation
import NBPCI

extension BindTarget: ExpressibleByArgument {}

struct Bind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bind",
        abstract: "Hand PCI devices to uio_pci_generic or vfio-pci; `nbshim unbind` gives them back.",
        discussion: """
            Refuses a bridge, a device that backs a mounted filesystem or active swap, and a network \
            interface that is up or has addresses (--force overrides these), and always a device that \
            backs the root filesystem, and a device a running nbshim attach drives (naming it). The \
            original driver and driver_override are recorded in /run/nbshim/bound (`nbshim status`).
            """)

    @Argument(help: "PCI addresses (0000:00:04.0), or VENDOR:DEVICE ids")
    var devices: [String]

    @Option(help: "uio (uio_pci_generic) or vfio (vfio-pci, needs an IOMMU)")
    var to: BindTarget = .uio

    @Flag(help: "Bind even a device the running system uses (never the root filesystem's)")
    var force = false

    func run() throws {
        try requireRoot("bind")
        let found = try devices.flatMap { try PCIDevice.find($0) }
        try Binder().bind(found, to: to, force: force) { print($0) }
    }
}

/// Binding writes sysfs control files that only root may write.
func requireRoot(_ command: String) throws {
    guard geteuid() == 0 else { throw PCIError("nbshim \(command) changes kernel driver bindings: run it as root (sudo nbshim \(command) ...)") }
}
