import ArgumentParser
import Foundation
import NBHost

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that this machine can run userspace PCI drivers; each failed check names its fix.")

    @Flag(help: "Print the checks as a JSON array")
    var json = false

    func run() throws {
        let checks = NBHost.Doctor.run()
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(checks), as: UTF8.self))
        } else {
            checks.forEach { print($0.line) }
        }
        // Warnings (vfio, IOMMU) do not fail: uio alone is enough.
        if !NBHost.Doctor.passed(checks) { throw ExitCode.failure }
    }
}
