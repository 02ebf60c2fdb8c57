/// A provider that can serve a request, with the integer matching score of the pair
/// (higher is better). Only edges with a positive score are ever assigned: assigning an edge
/// with score 0 or less never raises the total, so the solver treats it as no candidate.
public struct CandidateEdge: Sendable, Hashable {
    /// The request's id.
    public var request: String
    /// The provider's id.
    public var provider: String
    /// The matching score of the pair.
    public var score: Int

    public init(request: String, provider: String, score: Int) {
        self.request = request
        self.provider = provider
        self.score = score
    }
}
