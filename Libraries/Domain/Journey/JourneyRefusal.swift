/// Why the journey's state machine refused a step: the state the request (or proposal) was in,
/// and what made the step illegal there. Matching publishes it as `match.command-refused`;
/// intake answers 409 with it when its read model already shows the state.
public struct JourneyRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The state that made the step illegal, as the API and events name it (`expired`, `completed` ...).
    public var currentState: String
    /// A sentence for a person.
    public var reason: String

    public init(currentState: String, reason: String) {
        self.currentState = currentState
        self.reason = reason
    }

    public var description: String { "\(reason) (current state: \(currentState))" }
}
