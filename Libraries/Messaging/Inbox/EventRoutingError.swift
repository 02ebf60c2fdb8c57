/// Event routes that cannot work: a payload type or tombstone topic registered twice, a payload type
/// outside the event catalogue, tombstones registered for a topic that is not compacted, or nothing
/// registered at all. A programming error,
/// found when the consumer is built, so the service stops at start and names it.
public struct EventRoutingError: Error, Sendable, CustomStringConvertible, Equatable {
    /// One line per problem, e.g. `th.otop.match.proposed.v1 (MatchProposed) is registered twice`.
    public let problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String { "event routes are inconsistent: " + problems.joined(separator: "; ") }
}
