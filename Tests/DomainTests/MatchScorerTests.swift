import Domain
import Testing

@Suite("Match scoring")
struct MatchScorerTests {
    let request = RequestProfile(serviceAreas: [.packagingDesign, .standardsSystem], productType: .food,
                                 targetStandard: .tcps, provinceCode: "TH-50")

    func provider(provinces: [String], regions: Set<Region> = [], load: Int = 0, capacity: Int = 5,
                  standards: Set<StandardCode> = [.tcps], qualified: Bool = true) -> ProviderProfile {
        ProviderProfile(serviceAreas: [.packagingDesign, .standardsSystem], productTypes: [.food, .beverage],
                        standards: standards, provinceCodes: provinces, regions: regions, capacity: capacity,
                        activeLoad: load, outcomes: ProviderOutcomes(completed: 4, withdrawnByOfficer: 1), qualified: qualified)
    }

    @Test("same province scores above same region, which scores above elsewhere")
    func distanceOrder() throws {
        let scorer = MatchScorer()
        let sameProvince = try scorer.score(request, provider(provinces: ["TH-50"])).get()
        let sameRegion = try scorer.score(request, provider(provinces: ["TH-57"])).get()   // Chiang Rai, north
        let elsewhere = try scorer.score(request, provider(provinces: ["TH-90"])).get()    // Songkhla, south
        #expect(sameProvince.total > sameRegion.total)
        #expect(sameRegion.total > elsewhere.total)
        #expect(sameProvince.criteria.map(\.criterion) == ["serviceAreas", "standard", "distance", "capacity", "completionRate", "rating", "certificates"])
        #expect(sameProvince.total == sameProvince.criteria.map(\.points).reduce(0, +))
    }

    struct HardLimitCase: Sendable, CustomTestStringConvertible {
        var qualified = true
        var load = 0
        var standards: Set<StandardCode> = [.tcps]
        var expected: MatchIneligibility
        var testDescription: String { expected.rawValue }
    }

    @Test("hard limits filter with the reason",
          arguments: [HardLimitCase(qualified: false, expected: .notQualified),
                      HardLimitCase(load: 5, expected: .noFreeCapacity),
                      HardLimitCase(standards: [.halal], expected: .standardNotSupported)])
    func hardLimits(_ c: HardLimitCase) {
        let result = MatchScorer().score(request, provider(provinces: ["TH-50"], load: c.load, standards: c.standards,
                                                           qualified: c.qualified))
        #expect(throws: c.expected) { try result.get() }
    }

    @Test("more free capacity scores higher, other things equal")
    func capacity() throws {
        let scorer = MatchScorer()
        let idle = try scorer.score(request, provider(provinces: ["TH-50"], load: 0)).get()
        let busy = try scorer.score(request, provider(provinces: ["TH-50"], load: 4)).get()
        #expect(idle.total > busy.total)
    }

    @Test("the total without explanation equals the explained score's total")
    func totalMatchesScore() throws {
        let scorer = MatchScorer()
        for provinces in [["TH-50"], ["TH-57"], ["TH-90"]] {
            for load in 0..<5 {
                let profile = provider(provinces: provinces, load: load)
                #expect(try scorer.total(request, profile).get() == scorer.score(request, profile).get().total)
            }
        }
    }

    @Test("a new provider scores the priors; a good record scores above them and a poor one below")
    func pastOutcomes() throws {
        let scorer = MatchScorer()
        var fresh = provider(provinces: ["TH-50"])
        fresh.outcomes = ProviderOutcomes()
        var good = fresh
        good.outcomes = ProviderOutcomes(completed: 10, withdrawnByOfficer: 0, ratingSum: 50, ratings: 10, certificates: 8)
        var poor = fresh
        poor.outcomes = ProviderOutcomes(completed: 1, withdrawnByOfficer: 5, ratingSum: 6, ratings: 4, certificates: 0)
        let freshScore = try scorer.score(request, fresh).get()
        let points = { (score: MatchScore, name: String) in score.criteria.first { $0.criterion == name }!.points }
        // The documented priors: completion 0.6, rating 3.5 of 5, 0.3 certificates per completion.
        #expect(points(freshScore, "completionRate") == 420)
        #expect(points(freshScore, "rating") == 313)
        #expect(points(freshScore, "certificates") == 90)
        #expect(freshScore.criteria.first { $0.criterion == "rating" }!.note.contains("ผู้ให้บริการรายใหม่"))
        #expect(try scorer.total(request, good).get() > freshScore.total)
        #expect(try scorer.total(request, poor).get() < freshScore.total)
    }

    @Test("one completed and well-rated project moves a new provider only part of the way (the prior's strength)")
    func priorStrength() {
        let priors = OutcomePriors()
        let one = ProviderOutcomes(completed: 1, ratingSum: 5, ratings: 1)
        #expect(abs(priors.completionRate(one) - (1 + 2 * 0.6) / 3) < 1e-9)
        #expect(abs(priors.meanRating(one) - (5 + 2 * 3.5) / 3) < 1e-9)
        #expect(priors.completionRate(one) < 1)
    }

    @Test("weights come from configuration: a zero weight removes the criterion's points")
    func configurableWeights() throws {
        var weights = MatchScorer.Weights()
        weights.rating = 0
        let score = try MatchScorer(weights: weights).score(request, provider(provinces: ["TH-50"])).get()
        #expect(score.criteria.first { $0.criterion == "rating" }?.points == 0)
    }
}
