/// A request the round left unassigned, with the reason.
public struct UnassignedRequest: Sendable, Hashable {
    /// Index of the request in the problem's `requests`.
    public var requestIndex: Int
    /// The request's id.
    public var request: String
    /// Why it was not assigned.
    public var reason: UnassignedReason

    public init(requestIndex: Int, request: String, reason: UnassignedReason) {
        self.requestIndex = requestIndex
        self.request = request
        self.reason = reason
    }
}
