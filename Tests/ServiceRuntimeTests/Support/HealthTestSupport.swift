import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import Prometheus
import ServiceRuntime
import TestSupport
import Testing

/// A quiet logger for the health tests.
func healthLogger(_ label: String) -> Logger {
    var logger = Logger(label: "health-tests.\(label)")
    logger.logLevel = .critical
    return logger
}

/// A policy with short thresholds, so a test sees each condition within seconds.
func shortPolicy(stall: Duration = .seconds(1), groupLoss: Duration = .seconds(1), stuck: Duration = .seconds(3)) -> HealthPolicy {
    var policy = HealthPolicy()
    policy.stallAfter = stall
    policy.groupLossAfter = groupLoss
    policy.stuckAfter = stuck
    return policy
}

/// The operations routes of `health`, served over real HTTP on a free loopback port while `body` runs.
func servingProbes<Result>(_ health: HealthRegistry, _ body: (ProbeClient) async throws -> Result) async throws -> Result {
    let router = Router()
    OperationsRoutes(health: health, registry: PrometheusCollectorRegistry()).add(to: router)
    let port = try freeLoopbackPort()
    let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                                  logger: healthLogger("http"))
    let server = Task { try await application.run() }
    defer { server.cancel() }
    let client = ProbeClient(base: "http://127.0.0.1:\(port)")
    try await waitUntil("the probe server to listen", timeout: .seconds(120)) { (try? await client.get("/health/live")) != nil }
    return try await body(client)
}

/// Asks the probes over HTTP with a 1 s client timeout, and times each answer.
struct ProbeClient: Sendable {
    let base: String

    struct Answer: Sendable {
        let status: Int
        let checks: [String: String]
        let elapsed: Duration
    }

    func get(_ path: String) async throws -> Answer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.timeoutInterval = 5  // a hang shows as slow answers in a row (see `await`)
        let started = ContinuousClock.now
        let (data, response) = try await URLSession.shared.data(for: request)
        let elapsed = ContinuousClock.now - started
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Answer(status: (response as! HTTPURLResponse).statusCode,
                      checks: object["checks"] as? [String: String] ?? [:], elapsed: elapsed)
    }

    /// Polls `path` until `condition` holds, checking that no two answers in a row took 1 s or more
    /// (a probe waiting on a broken dependency is slow every time; one slow answer while the shared
    /// test machine stalls the whole process is not what a Kubernetes probe with a failure threshold
    /// of 2 would act on).
    func await(_ path: String, _ what: String, timeout: Duration = .seconds(30),
               sourceLocation: SourceLocation = #_sourceLocation,
               until condition: @escaping (Answer) -> Bool) async throws -> Answer {
        let previous = PreviousAnswer()
        return try await eventually(what, timeout: timeout, pollEvery: .milliseconds(100)) { () -> Answer? in
            let answer = try await get(path)
            let slow = answer.elapsed >= .seconds(1)
            let slowBefore = previous.swap(slow: slow)
            #expect(!(slow && slowBefore), "\(path) answered in \(answer.elapsed), the answer before also took 1 s or more",
                    sourceLocation: sourceLocation)
            return condition(answer) ? answer : nil
        }
    }

    /// Whether the answer before was slow.
    private final class PreviousAnswer: @unchecked Sendable {
        private let lock = NSLock()
        private var slow = false

        /// Records this answer's slowness and returns the previous one's.
        func swap(slow: Bool) -> Bool {
            lock.withLock {
                defer { self.slow = slow }
                return self.slow
            }
        }
    }
}
