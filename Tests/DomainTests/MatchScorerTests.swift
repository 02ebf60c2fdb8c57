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
                        activeLoad: load, completionRate: 0.8, qualified: qualified)
    }

    @Test("same province scores above same region, which scores above elsewhere")
    func distanceOrder() throws {
        let scorer = MatchScorer()
        let sameProvince = try scorer.score(request, provider(provinces: ["TH-50"])).get()
        let sameRegion = try scorer.score(request, provider(provinces: ["TH-57"])).get()   // Chiang Rai, north
        let elsewhere = try scorer.score(request, provider(provinces: ["TH-90"])).get()    // Songkhla, south
        #expect(sameProvince.total > sameRegion.total)
        #expect(sameRegion.total > elsewhere.total)
        #expect(sameProvince.criteria.map(\.criterion) == ["serviceAreas", "standard", "distance", "capacity", "pastOutcomes"])
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
}
