import Foundation
import Hummingbird
import Prometheus

/// `/health/live`, `/health/ready` and `/metrics`, served by every service on its HTTP port.
public struct OperationsRoutes: Sendable {
    let checks: [ReadinessCheck]
    let registry: PrometheusCollectorRegistry

    public init(checks: [ReadinessCheck], registry: PrometheusCollectorRegistry) {
        self.checks = checks
        self.registry = registry
    }

    /// Adds the three routes to `router`.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/health/live") { _, _ in
            Self.json(.ok, ["status": "live"])
        }
        router.get("/health/ready") { _, _ in
            var results: [String: String] = [:]
            await withTaskGroup(of: (String, String?).self) { group in
                for check in checks {
                    group.addTask { (check.name, await check.probe()) }
                }
                for await (name, problem) in group { results[name] = problem ?? "ok" }
            }
            let ready = results.values.allSatisfy { $0 == "ok" }
            var body: [String: Any] = ["status": ready ? "ready" : "not ready"]
            body["checks"] = results
            return Self.json(ready ? .ok : .serviceUnavailable, body)
        }
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok,
                            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
