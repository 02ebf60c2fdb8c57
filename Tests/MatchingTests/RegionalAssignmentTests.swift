import Contracts
import Domain
import Foundation
@testable import MatchingService
import Postgres
import Testing

/// The regional offices come from `regions.json` (issue 16, point 5): when a deployment's file moves
/// a province to another office, matching (at start) moves that province's requests that have no
/// coupon yet, so their coupons are charged to the new office's budget; coupons already recorded
/// stay with the budget that recorded them.
@Suite("Matching: requests follow the regional offices' file")
struct RegionalAssignmentTests {
    /// The bundled regions with Nakhon Sawan (TH-60) moved from the north to the central office.
    static func nakhonSawanInCentral() -> RegionalStructure {
        var offices = Region.allCases.map { RegionalStructure.bundledDefault[$0] }
        let north = offices.firstIndex { $0.region == .north }!, central = offices.firstIndex { $0.region == .central }!
        offices[north].provinceCodes.removeAll { $0 == "TH-60" }
        offices[central].provinceCodes.append("TH-60")
        return RegionalStructure(offices, version: 2)
    }

    @Test("a moved province's waiting request is charged to the new office's budget; a held coupon stays")
    func movedProvince() async throws {
        let f = try await MatchingFixture.make()
        try await f.register(f.provider(capacity: 10, provinces: ["TH-60"]))
        try await f.setBudget(100_000, region: .north)
        let held = try await f.submit(f.request(province: "TH-60"))                     // the north holds 54,000
        let waiting = try await f.submit(f.request(province: "TH-60"))                  // 46,000 left: parked
        #expect(try await f.status(of: held.requestId) == .proposed)
        #expect(try await f.unmatchedReason(of: waiting.requestId) == "regionBudgetExhausted")
        #expect(try await f.budget(.north)?.held == 54_000)
        #expect(try await RegionalAssignment.follow(.bundledDefault, pool: f.pool) == 0, "the bundled file moves nothing")

        let moved = Self.nakhonSawanInCentral()
        try await RegionalStructure.$override.withValue(moved) {
            #expect(try await RegionalAssignment.follow(moved, pool: f.pool) == 1, "only the request without a coupon moves")
            #expect(try await region(of: waiting.requestId, f) == .central)
            #expect(try await region(of: held.requestId, f) == .north)
            // The central office's budget: the waiting request is retried there and its coupon held from it.
            try await f.setBudget(200_000, region: .central)
            #expect(try await f.status(of: waiting.requestId) == .proposed)
            #expect(try await f.budget(.central)?.held == 54_000)
            #expect(try await f.budget(.north)?.held == 54_000, "the coupon the north recorded stays the north's")
            let submitted = try await f.submit(f.request(province: "TH-60"))            // a new request: central's from the start
            #expect(try await region(of: submitted.requestId, f) == .central)
            #expect(try await f.budget(.central)?.held == 108_000)
            try await f.checkInvariants()
        }
        await f.tearDown()
    }

    func region(of request: UUID, _ f: MatchingFixture) async throws -> Region? {
        try await f.pool.query("SELECT region FROM matching.requests WHERE id = \(request)").first?.decode(Region.self, column: "region")
    }
}
