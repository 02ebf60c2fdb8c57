import Foundation
import Hummingbird
import Prometheus

/// `/health/live`, `/health/ready` and `/metrics`, served by every service on its HTTP port.
///
/// The health probes read the ``HealthRegistry`` (memory only) and answer at once, 200 or 503, with
/// JSON naming each check: `{"status": "ready", "checks": {"database": "ok", ...}}`. What each
/// check means, and what an operator does about it: docs/operations.md.
public struct OperationsRoutes: Sendable {
    let health: HealthRegistry
    let registry: PrometheusCollectorRegistry

    public init(health: HealthRegistry, registry: PrometheusCollectorRegistry) {
        self.health = health
        self.registry = registry
    }

    /// Adds the three routes to `router`.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/health/live") { _, _ in
            Self.answer(health.liveness(), good: "live", bad: "not live")
        }
        router.get("/health/ready") { _, _ in
            Self.answer(health.readiness(), good: "ready", bad: "not ready")
        }
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok,
                            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    static func answer(_ report: HealthReport, good: String, bad: String) -> Response {
        json(report.healthy ? .ok : .serviceUnavailable, ["status": report.healthy ? good : bad, "checks": report.checks])
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
