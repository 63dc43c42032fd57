import ArgumentParser

struct Bind: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bind")
    func run() throws { throw ValidationError("nbshim bind: not written yet") }
}
