import Contracts
import Kafka
import Postgres

/// How a failure while handling an event is treated.
public enum FailureKind: Sendable, Equatable {
    /// Retrying later may succeed (database or broker unreachable, deadlock, serialization): the
    /// batch is retried with backoff and never dead-lettered.
    case transient
    /// The event itself is at fault (does not decode, fails validation, violates a constraint): it
    /// goes to the dead-letter topic with the reason and the consumer moves on.
    case poison(reason: String)

    /// Classifies an error thrown by a handler or by the database.
    public static func classify(_ error: any Error) -> FailureKind {
        switch error {
        case let error as EventRejection:
            return .poison(reason: error.description)
        case let error as EventDecodingError:
            return .poison(reason: error.description)
        case let error as PostgresError:
            return error.isTransient ? .transient : .poison(reason: "database refused the event's writes: \(error)")
        case let error as KafkaError:
            return error.isFatal ? .poison(reason: "\(error)") : .transient
        case is CancellationError:
            return .transient
        default:
            return .poison(reason: "\(error)")
        }
    }
}

/// Thrown by a handler when an event is well-formed JSON but not acceptable (unknown reference,
/// invalid value): the event is dead-lettered with this reason.
public struct EventRejection: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
