import Synchronization

/// The service's health, as its parts report it: the dependency monitors (PostgreSQL, Kafka) and
/// the components (producer, outbox relay, inbox consumers). The probes read it; nothing here does
/// I/O, so `/health/ready` and `/health/live` answer at once whatever the dependencies do.
///
/// - Ready: every dependency is reachable and no component has a problem (see ``HealthComponent``).
/// - Live: no component has been stuck for ``HealthPolicy/stuckAfter`` while every dependency was
///   reachable. A component waiting for an unreachable dependency is not stuck by itself: a
///   restart would not help it, so a broker or database outage never fails liveness.
public final class HealthRegistry: Sendable {
    /// The thresholds.
    public let policy: HealthPolicy
    private let parts = Mutex<(monitors: [DependencyMonitor], components: [HealthComponent])>(([], []))

    public init(policy: HealthPolicy) {
        self.policy = policy
    }

    /// Adds a dependency monitor (its `run` must be running for it to report).
    public func add(_ monitor: DependencyMonitor) {
        parts.withLock { $0.monitors.append(monitor) }
    }

    /// Adds a component.
    public func add(_ component: HealthComponent) {
        parts.withLock { $0.components.append(component) }
    }

    /// The dependency monitors added so far.
    public var monitors: [DependencyMonitor] { parts.withLock { $0.monitors } }

    /// `/health/ready`: each dependency and component by name, "ok" or its problem.
    public func readiness(now: ContinuousClock.Instant = .now) -> HealthReport {
        let (monitors, components) = parts.withLock { ($0.monitors, $0.components) }
        var checks: [String: String] = [:]
        for monitor in monitors {
            checks[monitor.name] = monitor.status(now: now).problem ?? HealthReport.ok
        }
        for component in components {
            checks[component.name] = component.evaluate(now, policy).notReady ?? HealthReport.ok
        }
        return HealthReport(checks: checks)
    }

    /// `/health/live`: each component by name, "ok" or how long it has been stuck.
    public func liveness(now: ContinuousClock.Instant = .now) -> HealthReport {
        let (monitors, components) = parts.withLock { ($0.monitors, $0.components) }
        // Stuck time counts only while every dependency was reachable.
        let reachableSince = monitors.map { $0.status(now: now).lastUnreachable }.max()
        let dependencies = monitors.map(\.name).joined(separator: " and ")
        var checks: [String: String] = [:]
        for component in components {
            guard let stuck = component.evaluate(now, policy).stuck else {
                checks[component.name] = HealthReport.ok
                continue
            }
            let counted = now - max(stuck.since, reachableSince ?? stuck.since)
            checks[component.name] = counted < policy.stuckAfter ? HealthReport.ok
                : "stuck: \(stuck.what); no progress for \(counted.roundedSeconds) while \(dependencies) were reachable"
        }
        return HealthReport(checks: checks)
    }
}

/// A probe's answer: each check by name with "ok" or its problem.
public struct HealthReport: Sendable, Equatable {
    /// The value of a check that passed.
    public static let ok = "ok"

    /// Check name → "ok" or what is wrong.
    public var checks: [String: String]

    /// Whether every check passed.
    public var healthy: Bool { checks.values.allSatisfy { $0 == Self.ok } }

    /// The checks that did not pass.
    public var problems: [String: String] { checks.filter { $0.value != Self.ok } }
}
