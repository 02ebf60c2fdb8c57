import Domain
import Foundation

/// One region's week for its officers: what happened in `[periodStart, periodEnd)` and where the
/// coupon budget stands.
struct DigestFacts: Sendable, Equatable, Codable {
    struct Budget: Sendable, Equatable, Codable {
        var fiscalYear: Int
        var allocatedBaht: Int
        var committedBaht: Int
        var spentBaht: Int
        var availableBaht: Int
    }

    var region: Region
    var periodStart: Date
    var periodEnd: Date
    var counts: [ActivityKind: Int]
    var budget: Budget?

    func count(_ kind: ActivityKind) -> Int { counts[kind] ?? 0 }
}
