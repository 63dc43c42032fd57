import ArgumentParser
import Foundation
import NBHost

struct Ifmedia: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ifmedia",
        abstract: "Show or set the media of an interface a running `nbshim attach` drives, as ifconfig's media does.",
        discussion: """
            Asks the nbshim attach process that has the interface (through its control socket \
            /run/nbshim/if/IFNAME), which issues SIOCGIFMEDIA or SIOCSIFMEDIA through the driver. \
            MEDIA is ifconfig's syntax: a media type, then options.
            Examples: nbshim ifmedia wm0
                      nbshim ifmedia wm0 100baseTX full-duplex
                      nbshim ifmedia wm0 autoselect
            """)

    @Argument(help: "The interface (wm0, rtn0): the name nbshim attach printed")
    var interface: String

    @Argument(help: "Media to select: autoselect, 10baseT, 100baseTX, 1000baseT ..., then options such as full-duplex")
    var media: [String] = []

    func run() throws {
        let reply = try ControlServer.request(interface: interface, ["ifmedia", interface] + media)
        for line in reply.lines { print(line) }
        if reply.status != 0 { throw ExitCode(reply.status) }
    }
}
