import ArgumentParser

/// `otopctl bench ...`: benchmarks that print figures.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Run benchmarks.",
        subcommands: [MatchingBenchCommand.self, PostgresBenchCommand.self, ReminderBenchCommand.self])
}
