import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Postgres
import TestSupport
import Testing
import Timestamps

/// The programme the report tests read, live and imported: the historical file of
/// ``HistoryImportRouteTests/goodLines`` (four coupons of three establishments, FY2560–FY2565) and,
/// in fiscal year 2570, three enterprises with four requests:
///
/// - E1, Chiang Mai, registration number `0994000123451`: the Mae Rim group of the history, now
///   registered live. R1 (submitted 10 Jan 2027, Q2) assigned to A for 100,000 baht, completed,
///   rated 5, a certificate obtained; R2 (Q2) assigned to B for 60,000, B declined a proposal first.
/// - E2, Khon Kaen: R3 (submitted 5 Nov 2026, Q1) assigned to A for 80,000, the assignment
///   withdrawn by an officer (still a coupon served, as the programme KPIs count it).
/// - E3, Songkhla: R4 submitted, never assigned (not served); its proposal to A expired.
///
/// Provider A (`คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้`, the name the history gives two coupons) and B.
/// Budgets of 2570 for the north (1,000,000 allocated) and the northeast (500,000).
struct ReportWorld {
    var ministry: String
    var officer: String
    var northOfficer: String
    var enterprise: String
    var providerA: UUID
    var providerB: UUID
    var requests: [String: (id: UUID, enterprise: UUID)]

    /// 10:00 in Bangkok on `day` (yyyy-mm-dd).
    static func at(_ day: String) -> Date {
        CivilDate(day)!.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 10 * 3600)
    }

    /// The fixture's clock: 1 May 2027, fiscal year 2570.
    static let clock = ManualClock(CivilDate("2027-05-01")!.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 12 * 3600))

    static func make(_ fixture: RouteFixture) async throws -> ReportWorld {
        let client = fixture.call
        let officer = try await fixture.token(.officer)
        let imported = try await client.post("/v1/imports/history", csv: csvFile(HistoryImportRouteTests.goodLines), token: officer)
        try #require(try imported.report().summary.created == 4, "\(imported.text)")
        var enterprises: [String: UUID] = [:]
        for (name, province, number) in [("E1", "TH-50", "0994000123451"), ("E2", "TH-40", Samples.registrationNumber()),
                                         ("E3", "TH-90", Samples.registrationNumber())] {
            let registered = try await client.json(.post, "/v1/enterprises", token: officer,
                                                   Samples.enterprise(province: province, name: "วิสาหกิจ \(name)", registrationNumber: number))
            try #require(registered.status == .created, "\(registered.text)")
            enterprises[name] = try #require(registered.id)
        }
        var requests: [String: (id: UUID, enterprise: UUID)] = [:]
        for (name, enterprise, day) in [("R1", "E1", "2027-01-10"), ("R2", "E1", "2027-01-10"), ("R3", "E2", "2026-11-05"),
                                        ("R4", "E3", "2027-01-10")] {
            let submitted = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprises[enterprise]!))
            try #require(submitted.status == .accepted, "\(submitted.text)")
            let id = try #require(submitted.id)
            requests[name] = (id, enterprises[enterprise]!)
            try await fixture.pool.execute("""
                UPDATE intake.requests SET submitted_at = \(at(day)), fiscal_year = 2570, target_standard = 'tcps' WHERE id = \(id)
                """)
        }
        let providerA = UUID(), providerB = UUID()
        for (id, name) in [(providerA, "คลินิกเทคโนโลยี  มหาวิทยาลัยแม่โจ้"), (providerB, "มหาวิทยาลัยขอนแก่น")] {
            try await fixture.pool.execute("""
                INSERT INTO intake.providers (id, name, kind, profile, capacity, qualified)
                VALUES (\(id), \(name), \(ProviderKind.university.rawValue), '{"regions": ["north"], "provinceCodes": []}'::jsonb, 5, true)
                """)
        }
        let world = ReportWorld(ministry: try await fixture.token(.ministry), officer: officer,
                                northOfficer: try await fixture.token(.officer, region: .north),
                                enterprise: try await fixture.token(.enterprise, enterprise: enterprises["E1"]),
                                providerA: providerA, providerB: providerB, requests: requests)
        try await world.play(fixture)
        return world
    }

    /// The journeys, as matching announces them.
    func play(_ fixture: RouteFixture) async throws {
        let officerActor = Actor(role: .officer)
        func reference(_ name: String) -> String { "OTOP-2570-\(name)" }
        func assigned(_ name: String, _ provider: UUID, baht: Int, on day: String) -> MatchAssigned {
            let request = requests[name]!
            return MatchAssigned(assignmentId: UUID(), requestId: request.id, requestReference: reference(name), enterpriseId: request.enterprise,
                                 providerId: provider, proposalId: nil, manual: true, fiscalYear: 2570, region: .north,
                                 coupon: CouponAmounts(valueBaht: baht, enterpriseShareBaht: 0, programmeShareBaht: baht),
                                 assignedBy: officerActor, assignedAt: Self.at(day))
        }
        func proposed(_ name: String, _ provider: UUID, proposal: UUID) -> MatchProposed {
            let request = requests[name]!
            return MatchProposed(proposalId: proposal, requestId: request.id, requestReference: reference(name), enterpriseId: request.enterprise,
                                 providerId: provider, rank: 1,
                                 score: MatchScore(criteria: [MatchCriterion(criterion: "distance", weight: 2500, points: 2500, note: "same province")]),
                                 candidatesConsidered: 2, candidatesEligible: 2, respondBy: Self.at("2027-01-20"))
        }
        let r1 = requests["R1"]!, r2 = requests["R2"]!, r3 = requests["R3"]!, r4 = requests["R4"]!
        try await fixture.deliver(assigned("R1", providerA, baht: 100_000, on: "2027-01-20"), time: Self.at("2027-01-20"))
        try await fixture.deliver(MatchCompleted(requestId: r1.id, requestReference: reference("R1"), enterpriseId: r1.enterprise,
                                                 providerId: providerA, fiscalYear: 2570, region: .north, spentCouponBaht: 100_000,
                                                 completedAt: Self.at("2027-03-01")), time: Self.at("2027-03-01"))
        try await fixture.deliver(MatchRated(requestId: r1.id, requestReference: reference("R1"), enterpriseId: r1.enterprise,
                                             providerId: providerA, rating: 5, comment: nil, monthlyIncomeBeforeBaht: nil,
                                             monthlyIncomeAfterBaht: nil, incomeChangePercent: nil, ratedAt: Self.at("2027-03-02")),
                                  time: Self.at("2027-03-02"))
        try await fixture.pool.execute("""
            INSERT INTO intake.certificates_obtained (event_id, certificate_id, standard, province_code, fiscal_year, renewal, request_id,
                                                      days_to_certificate, obtained_on)
            VALUES (\(UUID()), \(UUID()), 'tcps', 'TH-50', 2570, false, \(r1.id), 60, '2027-03-10')
            """)
        let declinedProposal = UUID()
        try await fixture.deliver(proposed("R2", providerB, proposal: declinedProposal), time: Self.at("2027-01-11"))
        try await fixture.deliver(MatchDeclined(proposalId: declinedProposal, requestId: r2.id, requestReference: reference("R2"),
                                                enterpriseId: r2.enterprise, providerId: providerB, reason: "คิวเต็ม",
                                                declinedAt: Self.at("2027-01-12")), time: Self.at("2027-01-12"))
        try await fixture.deliver(assigned("R2", providerB, baht: 60_000, on: "2027-01-25"), time: Self.at("2027-01-25"))
        try await fixture.deliver(assigned("R3", providerA, baht: 80_000, on: "2026-11-20"), time: Self.at("2026-11-20"))
        try await fixture.deliver(MatchWithdrawn(requestId: r3.id, requestReference: reference("R3"), enterpriseId: r3.enterprise,
                                                 stage: .assignment, proposalId: nil, providerId: providerA, reason: "ไม่ดำเนินการ",
                                                 withdrawnBy: officerActor, releasedCouponBaht: 80_000, rematching: false,
                                                 withdrawnAt: Self.at("2026-12-20"), requestStatus: .matching), time: Self.at("2026-12-20"))
        let expiredProposal = UUID()
        try await fixture.deliver(proposed("R4", providerA, proposal: expiredProposal), time: Self.at("2027-01-11"))
        try await fixture.deliver(MatchExpired(proposalId: expiredProposal, requestId: r4.id, requestReference: reference("R4"),
                                               enterpriseId: r4.enterprise, providerId: providerA, respondBy: Self.at("2027-01-20"),
                                               expiredAt: Self.at("2027-01-21")),
                                  time: Self.at("2027-01-21"))
        for (region, allocated, committed, spent) in [(Region.north, 1_000_000, 60_000, 100_000), (.northeast, 500_000, 0, 0)] {
            try await fixture.deliver(BudgetUpdated(fiscalYear: 2570, region: region, allocatedBaht: allocated, committedBaht: committed,
                                                    spentBaht: spent, releasedBaht: 0, availableBaht: allocated - committed - spent,
                                                    change: "test", requestId: nil, updatedAt: Self.at("2027-03-12")),
                                      time: Self.at("2027-03-12"))
        }
    }
}
