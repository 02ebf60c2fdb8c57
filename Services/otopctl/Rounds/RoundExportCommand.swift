import ArgumentParser
import Domain
import Foundation
import Logging
import MatchingService
import Postgres

/// `otopctl round export ROUND`: writes the instance an allocation round solved, byte for byte as
/// stored, in the format `otopctl bench matching --instance` reads; solving it with the round's seed
/// (`--lottery-seed`) gives the stored objective and assignment.
struct RoundExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an allocation round's instance (the JSON format of docs/allocation.md) from matching's schema.",
        discussion: "Reads DATABASE_URL. Prints the round's objective and seed on standard error.")

    @Argument(help: "The round's id.")
    var round: String

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        guard let id = UUID(uuidString: round) else { throw CommandError("\(round) is not a round id (a UUID)") }
        let pool = PostgresPool(configuration: try CommandEnvironment.postgres(), maxConnections: 1, logger: CommandEnvironment.logger)
        let stored: MatchingService.StoredRound?
        do {
            stored = try await MatchingService.storedRound(id, on: pool)
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
        guard let stored else { throw CommandError("no round \(round) in matching's schema") }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(stored.instance)) else {
                throw CommandError("cannot write \(output)")
            }
        } else {
            FileHandle.standardOutput.write(Data(stored.instance))
        }
        FileHandle.standardError.write(Data("round=\(stored.id.lowercased) objective=\(stored.objective) seed=\(stored.seed) requests=\(stored.requests) proposed=\(stored.proposed)\n".utf8))
    }
}
