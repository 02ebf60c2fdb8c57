import ArgumentParser

/// `otopctl bench ...`: benchmarks that print figures (placeholder until the allocation work lands).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Run benchmarks.")
}
