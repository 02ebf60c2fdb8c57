import Kafka
import Messaging

extension HealthComponent {
    /// An outbox relay: not ready when rows are waiting and none was published for
    /// ``HealthPolicy/stallAfter``; stuck from its last progress while rows are waiting.
    public static func relay(_ progress: OutboxRelay.Progress, name: String = "outbox-relay") -> HealthComponent {
        HealthComponent(name: name) { now, policy in
            let snapshot = progress.snapshot
            guard snapshot.pendingRows > 0 else { return .healthy }
            let waited = now - snapshot.lastProgress
            let what = "\(snapshot.pendingRows) outbox row(s) waiting"
            var health = ComponentHealth(notReady: nil, stuck: .init(since: snapshot.lastProgress, what: what))
            if waited >= policy.stallAfter {
                health.notReady = "\(what), none published for \(waited.roundedSeconds)"
                    + (snapshot.lastError.map { "; last error: \($0)" } ?? "")
            }
            return health
        }
    }

    /// An inbox consumer: not ready while joining its group at start, when out of its group for
    /// ``HealthPolicy/groupLossAfter`` after it had joined, or when one batch has failed for
    /// ``HealthPolicy/stallAfter``; stuck from the earliest of those.
    public static func consumer(_ progress: EventConsumer.Progress, name: String) -> HealthComponent {
        HealthComponent(name: "consumer \(name)") { now, policy in
            let snapshot = progress.snapshot
            var problems: [String] = []
            var stuck: ComponentHealth.Stuck?
            let group = snapshot.groupState.map { " (group state \($0))" } ?? ""
            if let since = snapshot.outOfGroupSince {
                let out = now - since
                if !snapshot.joined {
                    problems.append("joining its consumer group for \(out.roundedSeconds)\(group)")
                } else if out >= policy.groupLossAfter {
                    problems.append("not a member of its consumer group for \(out.roundedSeconds)\(group)")
                }
                stuck = .init(since: since, what: snapshot.joined ? "out of its consumer group\(group)" : "joining its consumer group\(group)")
            }
            if let since = snapshot.failingSince {
                let failing = now - since
                if failing >= policy.stallAfter {
                    problems.append("one batch has failed for \(failing.roundedSeconds): \(snapshot.lastError ?? "unknown error")")
                }
                if stuck.map({ since < $0.since }) ?? true {
                    stuck = .init(since: since, what: "one batch failing: \(snapshot.lastError ?? "unknown error")")
                }
            }
            return ComponentHealth(notReady: problems.isEmpty ? nil : problems.joined(separator: "; "), stuck: stuck)
        }
    }

    /// The service's producer: not ready while no working producer is in place (failed for good,
    /// replacement pending); stuck while replacements keep failing.
    public static func producer(_ supervisor: KafkaProducerSupervisor, name: String = "kafka-producer") -> HealthComponent {
        HealthComponent(name: name) { _, _ in
            let health = supervisor.health
            return ComponentHealth(
                notReady: health.problem,
                stuck: health.failingSince.map { .init(since: $0, what: "Kafka producers failing for good: \(health.problem ?? "replaced, failing again")") })
        }
    }

    /// A periodic worker (a scheduler, a delivery lane): not ready once its passes have failed for
    /// ``HealthPolicy/stallAfter`` on end, naming the last error; stuck from its first failed pass.
    public static func worker(_ progress: WorkerProgress, name: String) -> HealthComponent {
        HealthComponent(name: name) { now, policy in
            let snapshot = progress.snapshot
            guard let since = snapshot.failingSince else { return .healthy }
            let failing = now - since
            let why = snapshot.lastError ?? "unknown error"
            return ComponentHealth(
                notReady: failing >= policy.stallAfter ? "its passes have failed for \(failing.roundedSeconds): \(why)" : nil,
                stuck: .init(since: since, what: "passes failing: \(why)"))
        }
    }
}
