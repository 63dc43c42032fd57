import ArgumentParser

struct Unbind: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unbind")
    func run() throws { throw ValidationError("nbshim unbind: not written yet") }
}
