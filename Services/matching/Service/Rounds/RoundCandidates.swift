import Domain
import Foundation

/// Every request's candidate providers for an allocation round: the hard filters as bit masks (one
/// pass over requests × providers costs a few instructions per pair), then the scorer's total for
/// the pairs that pass, keeping each request's best `limit` (ties to the smaller provider id).
struct RoundCandidates {
    /// One candidate: index into the round's providers and the pair's score.
    struct Candidate: Sendable, Hashable {
        var provider: Int
        var score: Int
    }

    /// Per request (round order): its kept candidates (best first) and how many passed the filters.
    var candidates: [[Candidate]]
    var eligibleCounts: [Int]

    /// - Parameters:
    ///   - freeCapacity: each provider's capacity left (providers with none are skipped).
    ///   - excluded: per request, the providers offered it before (never again).
    init(requests: [RequestRecord], providers: [ProviderRecord], freeCapacity: [Int], excluded: [UUID: Set<UUID>],
         scorer: MatchScorer, limit: Int) {
        let masks = providers.map(Mask.init(provider:))
        let order = providers.indices.sorted { providers[$0].id.uuidString < providers[$1].id.uuidString }
        var candidates: [[Candidate]] = []
        var eligibleCounts: [Int] = []
        candidates.reserveCapacity(requests.count)
        eligibleCounts.reserveCapacity(requests.count)
        for request in requests {
            let need = Mask(request: request)
            let skip = excluded[request.id] ?? []
            let profile = request.profile
            var found: [Candidate] = []
            for index in order where freeCapacity[index] > 0 && masks[index].serves(need) {
                guard skip.isEmpty || !skip.contains(providers[index].id) else { continue }
                if case .success(let total) = scorer.total(profile, providers[index].profile), total > 0 {
                    found.append(Candidate(provider: index, score: total))
                }
            }
            eligibleCounts.append(found.count)
            // Stable sort over the id order: equal scores keep the smaller provider id first.
            found.sort { $0.score > $1.score }
            candidates.append(Array(found.prefix(limit)))
        }
        self.candidates = candidates
        self.eligibleCounts = eligibleCounts
    }

    /// A provider's offer, or a request's need, as bits.
    private struct Mask {
        var serviceAreas: UInt8 = 0
        var productTypes: UInt8 = 0
        var standards: UInt16 = 0
        var qualified = true

        init(provider: ProviderRecord) {
            serviceAreas = Self.bits(provider.profile.serviceAreas)
            productTypes = Self.bits(provider.profile.productTypes)
            standards = Self.bits(provider.profile.standards)
            qualified = provider.profile.qualified
        }

        init(request: RequestRecord) {
            serviceAreas = Self.bits(request.serviceAreas)
            productTypes = Self.bits([request.productType])
            standards = request.targetStandard.map { Self.bits([$0]) } ?? 0
        }

        /// Passes the scorer's hard filters on needs (capacity is checked by the caller).
        func serves(_ need: Mask) -> Bool {
            qualified && serviceAreas & need.serviceAreas != 0 && productTypes & need.productTypes != 0
                && standards & need.standards == need.standards
        }

        private static func bits<Value: CaseIterable & Equatable, Bits: FixedWidthInteger>(_ values: some Sequence<Value>) -> Bits {
            let all = Array(Value.allCases)
            var bits: Bits = 0
            for value in values {
                if let index = all.firstIndex(of: value) { bits |= 1 << index }
            }
            return bits
        }
    }
}
