import ArgumentParser
import Foundation
import Logging
import MatchingService
import Postgres
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `otopctl round start`: an officer's command to start an allocation round, sent
/// through intake's API like any other command (`POST /v1/rounds`; intake owns `otop.programme`).
/// With `--wait` it follows the round until matching completed it and prints its figures and the
/// time from the command to the round's last proposal.
struct RoundStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start an allocation round for a fiscal year (one region or all) through intake's API.",
        discussion: """
            Reads INTAKE_URL (default http://127.0.0.1:8080) and OTOP_API_TOKEN (an officer's token: a round moves programme money, operators may not start one); \
            --wait also reads DATABASE_URL (matching's schema).
            """)

    @Option(help: "Buddhist-Era fiscal year, e.g. 2570.")
    var fiscalYear: Int

    @Option(help: "One region (north, northeast, central, east, west, south); all when absent.")
    var region: String?

    @Option(help: "The tie-break lottery's seed; matching draws and records one when absent.")
    var seed: UInt64?

    @Flag(help: "Wait until matching committed the round and print its figures and the time from the command to its last proposal.")
    var wait = false

    @Option(help: "Seconds to wait with --wait.")
    var timeout: Int = 600

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["INTAKE_URL"] ?? "http://127.0.0.1:8080"
        guard let token = environment["OTOP_API_TOKEN"], !token.isEmpty else {
            throw CommandError("OTOP_API_TOKEN is not set (an officer's or operator's API token)")
        }
        var body: [String: Any] = ["fiscalYear": fiscalYear]
        if let region { body["region"] = region }
        if let seed { body["seed"] = String(seed) }
        let started = Date()
        let answer = try await IntakeCall.send("POST", base + "/v1/rounds", token: token, json: body)
        guard answer.status == 202, let location = answer.headers["Location"] ?? answer.headers["location"] else {
            throw CommandError("intake answered \(answer.status): \(answer.text)")
        }
        let roundID = location.split(separator: "/").last.map(String.init) ?? location
        print("round=\(roundID) requested")
        guard wait else { return }
        // The round's row appears in matching's schema when the transaction that wrote its last
        // proposal commits: that instant ends the measurement.
        guard let id = UUID(uuidString: roundID) else { throw CommandError("intake gave no round id: \(location)") }
        let pool = PostgresPool(configuration: try CommandEnvironment.postgres(), maxConnections: 1, logger: CommandEnvironment.logger)
        let deadline = ContinuousClock.now + .seconds(timeout)
        var stored: MatchingService.StoredRound?
        do {
            while stored == nil, ContinuousClock.now < deadline {
                stored = try await MatchingService.storedRound(id, on: pool)
                if stored == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
        if let stored {
            let elapsed = Date().timeIntervalSince(started)
            print("round=\(roundID) completed requests=\(stored.requests) proposed=\(stored.proposed) "
                  + "waitlisted=\(stored.waitlisted) objective=\(stored.objective) seed=\(stored.seed) "
                  + String(format: "solver_ms=%.1f", stored.solverMilliseconds))
            print(String(format: "command_to_last_proposal_ms=%.0f", elapsed * 1000))
            return
        }
        throw CommandError("round \(roundID) was not completed within \(timeout) s")
    }

}

/// One JSON call to intake.
enum IntakeCall {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    static func send(_ method: String, _ url: String, token: String, json: [String: Any]?) async throws -> Answer {
        guard let target = URL(string: url) else { throw CommandError("not a URL: \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.timeoutInterval = 30
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw CommandError("no HTTP answer from \(url)") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
        return Answer(status: http.statusCode, headers: headers, body: data)
    }
}
