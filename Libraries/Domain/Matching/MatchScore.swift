/// One criterion's share of a match score, so every proposal carries its explanation.
public struct MatchCriterion: Sendable, Hashable, Codable {
    /// Machine name: `serviceAreas`, `standard`, `distance`, `capacity`, `completionRate`, `rating`, `certificates`.
    public var criterion: String
    /// The most points this criterion can give.
    public var weight: Int
    /// The points it gave this pair.
    public var points: Int
    /// A short human explanation (Thai), e.g. `อยู่จังหวัดเดียวกัน (เชียงใหม่)`.
    public var note: String

    public init(criterion: String, weight: Int, points: Int, note: String) {
        self.criterion = criterion
        self.weight = weight
        self.points = points
        self.note = note
    }
}

/// A provider's integer score for a request (higher is better) with its breakdown.
public struct MatchScore: Sendable, Hashable, Codable {
    public var total: Int
    public var criteria: [MatchCriterion]

    public init(criteria: [MatchCriterion]) {
        self.criteria = criteria
        self.total = criteria.reduce(0) { $0 + $1.points }
    }
}

/// Why a provider cannot take a request at all (hard filters, before scoring).
public enum MatchIneligibility: String, Error, Sendable, Hashable, Codable {
    case notQualified
    case noServiceAreaOverlap
    case productTypeNotServed
    case standardNotSupported
    case noFreeCapacity
}
