/// The candidate edges of a problem in flat columns (structure of arrays): edge `k` joins
/// `requests[requestIndex[k]]` to `providers[providerIndex[k]]` with `score[k]`.
/// Memory is 16 bytes per edge, whatever the ids look like.
public struct CandidateEdges: Sendable, Hashable {
    /// Index into the problem's `requests` of each edge.
    public private(set) var requestIndex: [Int32] = []
    /// Index into the problem's `providers` of each edge.
    public private(set) var providerIndex: [Int32] = []
    /// Score of each edge.
    public private(set) var score: [Int] = []

    public init() {}

    /// Reserves room for `count` edges.
    public mutating func reserveCapacity(_ count: Int) {
        requestIndex.reserveCapacity(count)
        providerIndex.reserveCapacity(count)
        score.reserveCapacity(count)
    }

    /// Appends an edge given by indexes into the problem's requests and providers.
    public mutating func append(request: Int, provider: Int, score: Int) {
        // An index outside 32 bits is stored as -1 so that validation reports it as unknown.
        requestIndex.append(Int32(exactly: request) ?? -1)
        providerIndex.append(Int32(exactly: provider) ?? -1)
        self.score.append(score)
    }

    /// Number of edges.
    public var count: Int { score.count }

    /// Edge `k` as indexes and score.
    public subscript(k: Int) -> (request: Int, provider: Int, score: Int) {
        (Int(requestIndex[k]), Int(providerIndex[k]), score[k])
    }
}
