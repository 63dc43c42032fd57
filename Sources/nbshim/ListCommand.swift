import ArgumentParser

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list")
    func run() throws { throw ValidationError("nbshim list: not written yet") }
}
