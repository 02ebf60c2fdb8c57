import ArgumentParser

/// `otopctl round`: allocation rounds (start one through intake's API, export one's instance).
struct RoundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Allocation rounds: start one, export one's instance.",
        subcommands: [RoundStartCommand.self, RoundExportCommand.self])
}
