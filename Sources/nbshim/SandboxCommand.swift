import ArgumentParser

struct Sandbox: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sandbox")
    func run() throws { throw ValidationError("nbshim sandbox: not written yet") }
}
