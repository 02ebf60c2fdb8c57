/// One chosen edge: a request assigned to a provider.
public struct Assignment: Sendable, Hashable {
    /// Index of the request in the problem's `requests`.
    public var requestIndex: Int
    /// Index of the provider in the problem's `providers`.
    public var providerIndex: Int
    /// The request's id.
    public var request: String
    /// The provider's id.
    public var provider: String
    /// The edge's score.
    public var score: Int

    public init(requestIndex: Int, providerIndex: Int, request: String, provider: String, score: Int) {
        self.requestIndex = requestIndex
        self.providerIndex = providerIndex
        self.request = request
        self.provider = provider
        self.score = score
    }
}
