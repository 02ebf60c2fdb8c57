import Kafka
import Synchronization

extension EventConsumer {
    /// What an inbox consumer reports about itself for the health probes: its consumer-group
    /// membership (from librdkafka's statistics) and whether a batch keeps failing. The consumer
    /// records; the probes read ``snapshot``.
    public final class Progress: Sendable {
        /// The consumer's state as last recorded.
        public struct Snapshot: Sendable {
            /// When the consumer started (created its Kafka consumer), or was created when it has
            /// not started yet.
            public var started: ContinuousClock.Instant
            /// Whether it has ever been a steady member of its group (false: still joining).
            public var joined: Bool
            /// Since when it has not been a steady member of its group (nil: it is one now). Set at
            /// start, cleared when it joins.
            public var outOfGroupSince: ContinuousClock.Instant?
            /// The group's coordinator and join state as librdkafka last reported them, e.g.
            /// `up/steady` or `query-coord/init` (nil before the first statistics).
            public var groupState: String?
            /// How many partitions librdkafka last reported assigned to the consumer (nil before the
            /// first statistics).
            public var assignedPartitions: Int?
            /// Since when the batch in hand has been failing (transient errors, retried; nil: no
            /// batch is failing).
            public var failingSince: ContinuousClock.Instant?
            /// The last error of that batch.
            public var lastError: String?
        }

        private let state: Mutex<Snapshot>

        init(now: ContinuousClock.Instant = .now) {
            state = Mutex(Snapshot(started: now, joined: false, outOfGroupSince: now))
        }

        /// The latest state.
        public var snapshot: Snapshot { state.withLock { $0 } }

        /// The consumer (re)started: it joins its group from scratch.
        func started() {
            let now = ContinuousClock.now
            state.withLock { snapshot in
                snapshot = Snapshot(started: now, joined: false, outOfGroupSince: now)
            }
        }

        /// A change of the group state or of the number of assigned partitions, for the log.
        struct GroupChange: Sendable, Equatable {
            var from: String?
            var to: String
            var assignedPartitions: Int
        }

        /// The latest statistics' view of the group (nil: none yet). Returns the change when the
        /// group state or the number of assigned partitions differs from the last view.
        @discardableResult
        func observe(_ group: KafkaStatistics.ConsumerGroup?) -> GroupChange? {
            guard let group else { return nil }
            let now = ContinuousClock.now
            return state.withLock { snapshot in
                let groupState = "\(group.state)/\(group.joinState)"
                let change = snapshot.groupState == groupState && snapshot.assignedPartitions == group.assignmentSize
                    ? nil : GroupChange(from: snapshot.groupState, to: groupState, assignedPartitions: group.assignmentSize)
                snapshot.groupState = groupState
                snapshot.assignedPartitions = group.assignmentSize
                if group.isSteadyMember {
                    snapshot.joined = true
                    snapshot.outOfGroupSince = nil
                } else if snapshot.outOfGroupSince == nil {
                    snapshot.outOfGroupSince = now
                }
                return change
            }
        }

        /// The batch in hand failed with `error` and will be retried.
        func batchFailed(_ error: any Error) {
            let now = ContinuousClock.now
            state.withLock { snapshot in
                if snapshot.failingSince == nil { snapshot.failingSince = now }
                snapshot.lastError = "\(error)"
            }
        }

        /// The batch in hand was applied (or none is in hand).
        func batchDone() {
            state.withLock { snapshot in
                snapshot.failingSince = nil
                snapshot.lastError = nil
            }
        }
    }
}
