import ArgumentParser

/// The operator's command-line tool: topics, dead letters, migrations, API keys, portal accounts, tailing and benchmarks.
@main
struct OtopCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otopctl",
        abstract: "Operate the OTOP STI upgrade-matching system.",
        subcommands: [TopicsCommand.self, MigrateCommand.self, APIKeyCommand.self, AccountCommand.self, TailCommand.self, DeadLetterCommand.self,
                      RoundCommand.self, BenchCommand.self]
    )
}
