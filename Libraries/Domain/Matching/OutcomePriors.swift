/// What matching assumes about a provider before it has a history, and how much evidence it takes to
/// move away from that: each past-outcome figure is the mean of the provider's own results and
/// `strength` imaginary results at the prior value (a Bayesian mean). A new provider scores the prior;
/// one with a long record scores its record; one with two projects lands in between, so a single
/// lucky or unlucky project does not decide its next proposals.
public struct OutcomePriors: Sendable, Hashable, Codable {
    /// Completion rate assumed for a new provider (0...1).
    public var completionRate = 0.6
    /// Rating assumed for a new provider (1...5).
    public var rating = 3.5
    /// Certificates per completed assignment assumed for a new provider (0...1).
    public var certificatesPerCompletion = 0.3
    /// How many imaginary results at the prior values each figure starts with.
    public var strength = 2.0

    public init() {}

    /// Completion rate in 0...1.
    public func completionRate(_ outcomes: ProviderOutcomes) -> Double {
        (Double(outcomes.completed) + strength * completionRate) / (Double(outcomes.finished) + strength)
    }

    /// Mean rating in 1...5.
    public func meanRating(_ outcomes: ProviderOutcomes) -> Double {
        (Double(outcomes.ratingSum) + strength * rating) / (Double(outcomes.ratings) + strength)
    }

    /// Certificates per completed assignment, capped at 1.
    public func certificateRate(_ outcomes: ProviderOutcomes) -> Double {
        min(1, (Double(outcomes.certificates) + strength * certificatesPerCompletion) / (Double(outcomes.completed) + strength))
    }
}
