import Domain
import Foundation

/// Every request's candidate providers for an allocation round: each request scored against every
/// provider with capacity left (profiles prepared once, so a pair costs a few bit operations when it
/// fails the hard filters), keeping each request's best `limit` (ties to the smaller provider id).
struct RoundCandidates {
    /// One candidate: index into the round's providers and the pair's score.
    struct Candidate: Sendable, Hashable {
        var provider: Int
        var score: Int
    }

    /// Per request (round order): its kept candidates (best first) and how many passed the filters.
    var candidates: [[Candidate]]
    var eligibleCounts: [Int]

    /// - Parameter excluded: per request, the providers offered it before (never again).
    init(requests: [RequestRecord], providers: [ProviderRecord], excluded: [UUID: Set<UUID>], scorer: MatchScorer, limit: Int) {
        let prepared = providers.map { scorer.prepare($0.profile) }
        let order = providers.indices
            .filter { providers[$0].profile.freeCapacity > 0 }
            .sorted { providers[$0].id.uuidString < providers[$1].id.uuidString }
        var position = [Int](repeating: 0, count: providers.count)
        for (rank, index) in order.enumerated() { position[index] = rank }
        var candidates: [[Candidate]] = []
        var eligibleCounts: [Int] = []
        candidates.reserveCapacity(requests.count)
        eligibleCounts.reserveCapacity(requests.count)
        for request in requests {
            let need = scorer.prepare(request.profile)
            let skip = excluded[request.id] ?? []
            var found: [Candidate] = []
            for index in order {
                guard case .success(let total) = scorer.total(need, prepared[index]), total > 0 else { continue }
                guard skip.isEmpty || !skip.contains(providers[index].id) else { continue }
                found.append(Candidate(provider: index, score: total))
            }
            eligibleCounts.append(found.count)
            // Best score first; equal scores go to the provider with the smaller id (deterministic).
            found.sort { $0.score != $1.score ? $0.score > $1.score : position[$0.provider] < position[$1.provider] }
            candidates.append(Array(found.prefix(limit)))
        }
        self.candidates = candidates
        self.eligibleCounts = eligibleCounts
    }
}
