/// A provider's past work as matching counts it: the "past outcomes" criteria of the score.
public struct ProviderOutcomes: Sendable, Hashable, Codable {
    /// Assignments the enterprise confirmed as completed.
    public var completed: Int
    /// Assignments an officer withdrew from the provider (work not delivered). Withdrawals by the
    /// enterprise do not count against the provider.
    public var withdrawnByOfficer: Int
    /// Sum and number of the enterprises' ratings (1–5).
    public var ratingSum: Int
    public var ratings: Int
    /// Certificates issued for requests the provider was assigned to.
    public var certificates: Int

    public init(completed: Int = 0, withdrawnByOfficer: Int = 0, ratingSum: Int = 0, ratings: Int = 0, certificates: Int = 0) {
        self.completed = completed
        self.withdrawnByOfficer = withdrawnByOfficer
        self.ratingSum = ratingSum
        self.ratings = ratings
        self.certificates = certificates
    }

    /// Assignments that ended one way or the other.
    public var finished: Int { completed + withdrawnByOfficer }

    /// No history at all: the priors alone decide.
    public var isNew: Bool { finished == 0 && ratings == 0 && certificates == 0 }
}
