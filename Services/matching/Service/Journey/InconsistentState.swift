/// Matching's own rows contradict each other (capacity to release that is not held, a confirmed
/// proposal without its request ...): a bug, never the event's fault. The event is dead-lettered
/// with this description so the inconsistency is seen, and nothing is half-applied.
struct InconsistentState: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "matching's state is inconsistent: " + description }
}
