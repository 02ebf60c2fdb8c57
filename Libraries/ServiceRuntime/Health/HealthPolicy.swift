/// How long each kind of trouble may last before a probe reports it (docs/operations.md).
public struct HealthPolicy: Sendable, Hashable {
    /// Rows waiting in the outbox with nothing published, or one consumer batch failing, for this
    /// long: not ready (`HEALTH_STALL_SECONDS`).
    public var stallAfter: Duration = .seconds(30)
    /// A consumer out of its consumer group for this long after it had joined: not ready
    /// (`HEALTH_GROUP_SECONDS`). Before its first join a consumer is "joining": not ready at once.
    public var groupLossAfter: Duration = .seconds(30)
    /// A component that has made no progress for this long while PostgreSQL and Kafka were both
    /// reachable cannot recover by itself: not live (`HEALTH_STUCK_SECONDS`).
    public var stuckAfter: Duration = .seconds(180)

    /// The defaults above.
    public init() {}
}
