import ArgumentParser

struct NBShim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nbshim",
        abstract: "Run NetBSD kernel drivers as Linux processes on PCI devices handed to userspace.",
        subcommands: [List.self, Bind.self, Unbind.self, Status.self, Doctor.self, Sandbox.self, Attach.self, Ifmedia.self, Bench.self, Build.self, SurveyCommand.self])
}

NBShim.main()
