import ArgumentParser

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor")
    func run() throws { throw ValidationError("nbshim doctor: not written yet") }
}
