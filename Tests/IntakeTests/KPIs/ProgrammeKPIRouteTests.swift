import Contracts
import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import IntakeService
import Postgres
import TestSupport
import Testing
import Timestamps

/// `GET /v1/kpis/programme` in process against the real PostgreSQL: matching's events go through
/// the real timeline handler, then each figure is read back with inputs chosen so every definition
/// shows (medians of even counts, the 10 % income threshold exactly, a withdrawn assignment, a
/// request of another fiscal year, a scoped officer), as JSON and as CSV.
@Suite("Programme KPIs", .serialized)
struct ProgrammeKPIRouteTests {
    /// 10:00 in Bangkok on `day` (yyyy-mm-dd).
    static func at(_ day: String) -> Date {
        CivilDate(day)!.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 10 * 3600)
    }

    static let today = CivilDate("2027-05-01")!

    struct World {
        var officer: String
        var requests: [String: (id: UUID, enterprise: UUID)]
        var providerA: UUID
        var providerB: UUID
        var providerC: UUID
    }

    /// Four enterprises (two in Chiang Mai TH-50, one in Chiang Rai TH-57, north; one in Khon Kaen
    /// TH-40, northeast), seven requests submitted on 2027-01-10 (fiscal year 2570; R6 moved to 2569)
    /// and three providers: A serves the north (capacity 2), B the northeast and Chiang Mai
    /// (capacity 4), C the south (capacity 0).
    func world(_ fixture: RouteFixture, client: RouteClient) async throws -> World {
        let officer = try await fixture.token(.officer)
        var enterprises: [String: UUID] = [:]
        for (name, province) in [("E1", "TH-50"), ("E2", "TH-50"), ("E3", "TH-40"), ("E4", "TH-57")] {
            let registered = try await client.send(.post, "/v1/enterprises", token: officer, json: """
                {"name": "วิสาหกิจ \(name)", "kind": "sme", "provinceCode": "\(province)", "district": "เมือง",
                 "products": [{"name": "น้ำพริก", "productType": "food"}], "contacts": [{"name": "ก", "email": "k@example.org"}]}
                """)
            try #require(registered.status == .created, "\(registered.text)")
            let id = try #require(registered.id)
            enterprises[name] = id
        }
        var requests: [String: (id: UUID, enterprise: UUID)] = [:]
        for (name, enterprise) in [("R1", "E1"), ("R2", "E2"), ("R3", "E3"), ("R4", "E4"), ("R5", "E4"), ("R6", "E1"), ("R7", "E3")] {
            let submitted = try await client.send(.post, "/v1/requests", token: officer, json: """
                {"enterpriseId": "\(enterprises[enterprise]!.lowercased)", "productName": "น้ำพริก", "productType": "food",
                 "serviceAreas": ["packagingDesign"], "description": "บรรจุภัณฑ์ใหม่"}
                """)
            try #require(submitted.status == .accepted || submitted.status == .created, "\(submitted.text)")
            requests[name] = (try #require(submitted.id), enterprises[enterprise]!)
        }
        try await fixture.pool.execute("""
            UPDATE intake.requests SET submitted_at = \(Self.at("2027-01-10")), updated_at = \(Self.at("2027-01-10"))
            """)
        try await fixture.pool.execute("UPDATE intake.requests SET fiscal_year = 2569 WHERE id = \(requests["R6"]!.id)")
        let providerA = UUID(), providerB = UUID(), providerC = UUID()
        for (id, name, capacity, profile) in [
            (providerA, "A มหาวิทยาลัยเชียงใหม่", 2, #"{"regions": ["north"], "provinceCodes": []}"#),
            (providerB, "B อุทยานวิทยาศาสตร์ภาคตะวันออกเฉียงเหนือ", 4, #"{"regions": ["northeast"], "provinceCodes": ["TH-50"]}"#),
            (providerC, "C สถาบันภาคใต้", 0, #"{"regions": ["south"], "provinceCodes": []}"#),
        ] {
            try await fixture.pool.execute("""
                INSERT INTO intake.providers (id, name, kind, profile, capacity, qualified)
                VALUES (\(id), \(name), \(ProviderKind.university.rawValue), \(profile)::jsonb, \(capacity), true)
                """)
        }
        return World(officer: officer, requests: requests, providerA: providerA, providerB: providerB, providerC: providerC)
    }

    /// The journeys, as matching announces them.
    func play(_ world: World, _ fixture: RouteFixture) async throws {
        let officerActor = Actor(role: .officer)
        func reference(_ name: String) -> String { "OTOP-2570-\(name)" }
        func proposed(_ name: String, _ provider: UUID, proposal: UUID = UUID()) -> MatchProposed {
            let request = world.requests[name]!
            return MatchProposed(proposalId: proposal, requestId: request.id, requestReference: reference(name), enterpriseId: request.enterprise,
                                 providerId: provider, rank: 1, score: MatchScore(criteria: [MatchCriterion(criterion: "distance", weight: 2500, points: 2500, note: "same province")]),
                                 candidatesConsidered: 3, candidatesEligible: 2, respondBy: Self.at("2027-12-31"))
        }
        func assigned(_ name: String, _ provider: UUID, on day: String, manual: Bool = false) -> MatchAssigned {
            let request = world.requests[name]!
            return MatchAssigned(assignmentId: UUID(), requestId: request.id, requestReference: reference(name), enterpriseId: request.enterprise,
                                 providerId: provider, proposalId: nil, manual: manual, fiscalYear: 2570, region: .north,
                                 coupon: CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 0, programmeShareBaht: 100_000),
                                 assignedBy: officerActor, assignedAt: Self.at(day))
        }
        func completed(_ name: String, _ provider: UUID, on day: String) -> MatchCompleted {
            let request = world.requests[name]!
            return MatchCompleted(requestId: request.id, requestReference: reference(name), enterpriseId: request.enterprise, providerId: provider,
                                  fiscalYear: 2570, region: .north, spentCouponBaht: 100_000, completedAt: Self.at(day))
        }
        func rated(_ name: String, _ provider: UUID, _ rating: Int, before: Int, after: Int, on day: String) -> MatchRated {
            let request = world.requests[name]!
            return MatchRated(requestId: request.id, requestReference: reference(name), enterpriseId: request.enterprise, providerId: provider,
                              rating: rating, comment: nil, monthlyIncomeBeforeBaht: before, monthlyIncomeAfterBaht: after,
                              incomeChangePercent: nil, ratedAt: Self.at(day))
        }
        func withdrawn(_ name: String, stage: WithdrawalStage, provider: UUID?, status: RequestStatus, on day: String) -> MatchWithdrawn {
            let request = world.requests[name]!
            return MatchWithdrawn(requestId: request.id, requestReference: reference(name), enterpriseId: request.enterprise, stage: stage,
                                  proposalId: nil, providerId: provider, reason: "ทดสอบ", withdrawnBy: officerActor, releasedCouponBaht: 0,
                                  rematching: stage == .assignment, withdrawnAt: Self.at(day), requestStatus: status)
        }
        let (a, b) = (world.providerA, world.providerB)
        // R1: screened eligible by an officer, proposed, assigned to A after 10 days, completed after 30, rated 5, income +10 % exactly.
        let r1 = world.requests["R1"]!
        try await fixture.deliver(MatchScreened(requestId: r1.id, requestReference: reference("R1"), enterpriseId: r1.enterprise, eligible: true,
                                                reason: nil, mode: .officer, screenedBy: officerActor, screenedAt: Self.at("2027-01-11")),
                                  time: Self.at("2027-01-11"))
        try await fixture.deliver(proposed("R1", a), time: Self.at("2027-01-12"))
        try await fixture.deliver(assigned("R1", a, on: "2027-01-20"), time: Self.at("2027-01-20"))
        try await fixture.deliver(completed("R1", a, on: "2027-02-09"), time: Self.at("2027-02-09"))
        try await fixture.deliver(rated("R1", a, 5, before: 50_000, after: 55_000, on: "2027-02-10"), time: Self.at("2027-02-10"))
        // R2: automatic screening (no decision announced); assigned to A after 20 days, the assignment withdrawn by an
        // officer, assigned to B, completed after 60 days by B, rated 3, income +5 %.
        try await fixture.deliver(proposed("R2", a), time: Self.at("2027-01-15"))
        try await fixture.deliver(assigned("R2", a, on: "2027-01-30"), time: Self.at("2027-01-30"))
        try await fixture.deliver(withdrawn("R2", stage: .assignment, provider: a, status: .matching, on: "2027-02-01"), time: Self.at("2027-02-01"))
        try await fixture.deliver(assigned("R2", b, on: "2027-02-05"), time: Self.at("2027-02-05"))
        try await fixture.deliver(completed("R2", b, on: "2027-03-11"), time: Self.at("2027-03-11"))
        try await fixture.deliver(rated("R2", b, 3, before: 40_000, after: 42_000, on: "2027-03-12"), time: Self.at("2027-03-12"))
        // R3: screened not eligible.
        let r3 = world.requests["R3"]!
        try await fixture.deliver(MatchScreened(requestId: r3.id, requestReference: reference("R3"), enterpriseId: r3.enterprise, eligible: false,
                                                reason: "ไม่ใช่สินค้า OTOP", mode: .officer, screenedBy: officerActor, screenedAt: Self.at("2027-01-11")),
                                  time: Self.at("2027-01-11"))
        // R4: proposed, then the whole request withdrawn.
        try await fixture.deliver(proposed("R4", a), time: Self.at("2027-01-12"))
        try await fixture.deliver(withdrawn("R4", stage: .request, provider: nil, status: .withdrawn, on: "2027-01-13"), time: Self.at("2027-01-13"))
        // R5: nobody can take it: waiting.
        let r5 = world.requests["R5"]!
        try await fixture.deliver(MatchUnavailable(requestId: r5.id, requestReference: reference("R5"), enterpriseId: r5.enterprise,
                                                   reason: "allCandidatesFull", exclusions: [:], candidatesConsidered: 3),
                                  time: Self.at("2027-01-12"))
        // R6 (fiscal year 2569): assigned to A, still open: counts in A's load, nowhere in 2570.
        try await fixture.deliver(assigned("R6", a, on: "2027-01-14"), time: Self.at("2027-01-14"))
        // R7: assigned by an officer's hand (no proposal) to B after 4 days; B works on it.
        try await fixture.deliver(assigned("R7", b, on: "2027-01-14", manual: true), time: Self.at("2027-01-14"))
        // Budgets of the regions (and one of another year).
        for (year, region, committed, spent) in [(2570, Region.north, 100_000, 250_000), (2570, .northeast, 50_000, 0), (2569, .north, 7, 7)] {
            try await fixture.deliver(BudgetUpdated(fiscalYear: year, region: region, allocatedBaht: 1_000_000, committedBaht: committed,
                                                    spentBaht: spent, releasedBaht: 0, availableBaht: 1_000_000 - committed - spent,
                                                    change: "test", requestId: nil, updatedAt: Self.at("2027-03-12")),
                                      time: Self.at("2027-03-12"))
        }
        // Matching's events again under new ids (a re-published batch): nothing counts twice or moves back.
        try await fixture.deliver(assigned("R1", a, on: "2027-01-20"), time: Self.at("2027-01-20"))
        try await fixture.deliver(assigned("R2", a, on: "2027-01-30"), time: Self.at("2027-01-30"))
        try await fixture.deliver(completed("R2", b, on: "2027-03-11"), time: Self.at("2027-03-11"))
        try await fixture.deliver(rated("R1", a, 1, before: 50_000, after: 10_000, on: "2027-02-11"), time: Self.at("2027-02-11"))
    }


    @Test("figures per province, region and total from matching's events; providers' load and completion; coupon money")
    func figures() async throws {
        try await RouteFixture.with(clock: ManualClock(Self.today.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 12 * 3600))) { fixture in
            try await fixture.serve { client in
                let world = try await world(fixture, client: client)
                try await play(world, fixture)
                let answer = try await client.send(.get, "/v1/kpis/programme?fiscalYear=2570", token: world.officer)
                #expect(answer.status == .ok, "\(answer.text)")
                let kpis = try answer.decode(ProgrammeKPIs.self)
                #expect(kpis.fiscalYear == 2570 && kpis.from == "2026-10-01" && kpis.until == "2027-09-30")
                #expect(kpis.asOf == "2027-05-01" && kpis.region == nil)

                let total = kpis.total
                #expect(total.requestsReceived == 6, "R6 belongs to fiscal year 2569")
                #expect(total.screenedEligible == 5, "R1 by an officer; R2, R4, R5, R7 taken on by matching")
                #expect(total.screenedNotEligible == 1)
                #expect(total.matched == 4, "R1, R2, R4 proposed; R7 assigned by hand")
                #expect(total.assigned == 3 && total.completed == 2)
                #expect(total.withdrawn == 1 && total.waiting == 1)
                #expect(total.establishmentsServed == 3)
                #expect(total.medianDaysToAssignment == 10, "4, 10 and 20 days (R2's first assignment counts)")
                #expect(total.medianDaysToCompletion == 45, "30 and 60 days")
                #expect(total.rated == 2 && total.meanRating == 4, "the second rating of R1 is not taken")
                #expect(total.incomeReported == 2)
                #expect(total.incomeIncreasedTenPercent == 1, "50,000 → 55,000 is exactly 10 %; 40,000 → 42,000 is 5 %")
                #expect(total.medianIncomeChangePercent == 7.5)
                #expect(total.couponCommittedBaht == 150_000 && total.couponSpentBaht == 250_000)

                let chiangMai = try #require(kpis.byProvince.first { $0.provinceCode == "TH-50" })
                #expect(chiangMai.provinceNameTH == "เชียงใหม่" && chiangMai.region == .north)
                #expect(chiangMai.requestsReceived == 2 && chiangMai.assigned == 2)
                #expect(chiangMai.medianDaysToAssignment == 15, "10 and 20 days: the mean of the middle two")
                #expect(chiangMai.couponCommittedBaht == nil, "money is per region")
                let chiangRai = try #require(kpis.byProvince.first { $0.provinceCode == "TH-57" })
                #expect(chiangRai.matched == 1 && chiangRai.withdrawn == 1 && chiangRai.waiting == 1)
                #expect(chiangRai.assigned == 0 && chiangRai.medianDaysToAssignment == nil)
                let khonKaen = try #require(kpis.byProvince.first { $0.provinceCode == "TH-40" })
                #expect(khonKaen.screenedNotEligible == 1 && khonKaen.matched == 1)
                #expect(khonKaen.medianDaysToAssignment == 4 && khonKaen.completed == 0)
                #expect(kpis.byProvince.count == 3)

                let regions = kpis.byRegion
                #expect(regions.compactMap(\.region) == Region.allCases, "every region, in order")
                let north = try #require(regions.first { $0.region == .north })
                #expect(north.regionNameTH == "ภาคเหนือ" && north.requestsReceived == 4)
                #expect(north.couponCommittedBaht == 100_000 && north.couponSpentBaht == 250_000)
                let south = try #require(regions.first { $0.region == .south })
                #expect(south.requestsReceived == 0 && south.couponCommittedBaht == nil)

                let providers = kpis.providers
                let a = try #require(providers.first { $0.providerId == world.providerA })
                #expect(a.activeAssignments == 1 && a.load == 0.5, "R6's assignment of 2569 is open")
                #expect(a.assignments == 2 && a.completed == 1 && a.withdrawn == 1)
                #expect(a.completionRate == 0.5, "R2 withdrawn from A by an officer counts against A")
                let b = try #require(providers.first { $0.providerId == world.providerB })
                #expect(b.activeAssignments == 1 && b.load == 0.25)
                #expect(b.assignments == 2 && b.completed == 1 && b.completionRate == 1)
                let c = try #require(providers.first { $0.providerId == world.providerC })
                #expect(c.capacity == 0 && c.load == nil && c.completionRate == nil && c.assignments == 0)

                // Another fiscal year: R6 alone (its assignment), no income, the other year's budget.
                let earlier = try await client.send(.get, "/v1/kpis/programme?fiscalYear=2569", token: world.officer)
                let earlierTotal = try earlier.decode(ProgrammeKPIs.self).total
                #expect(earlierTotal.requestsReceived == 1 && earlierTotal.assigned == 1)
                #expect(earlierTotal.couponCommittedBaht == 7)
            }
        }
    }

    @Test("an officer scoped to the north gets the north's provinces, budget and providers, with region in the answer")
    func scoped() async throws {
        try await RouteFixture.with(clock: ManualClock(Self.today.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 12 * 3600))) { fixture in
            try await fixture.serve { client in
                let world = try await world(fixture, client: client)
                try await play(world, fixture)
                let northOfficer = try await fixture.token(.officer, region: .north)
                let answer = try await client.send(.get, "/v1/kpis/programme?fiscalYear=2570", token: northOfficer)
                #expect(answer.status == .ok)
                let kpis = try answer.decode(ProgrammeKPIs.self)
                #expect(kpis.region == .north)
                #expect(kpis.byProvince.compactMap(\.provinceCode) == ["TH-50", "TH-57"])
                #expect(kpis.byRegion.compactMap(\.region) == [.north])
                let total = kpis.total
                #expect(total.requestsReceived == 4 && total.screenedNotEligible == 0)
                #expect(total.couponCommittedBaht == 100_000, "the north's budget only")
                let providers = Set(kpis.providers.map(\.providerId))
                #expect(providers == [world.providerA, world.providerB], "C serves the south only")

                let csv = try await client.send(.get, "/v1/kpis/programme?fiscalYear=2570", token: northOfficer, accept: "text/csv")
                #expect(!csv.text.contains("TH-40") && !csv.text.contains("northeast") && csv.text.contains("TH-57"))
            }
        }
    }

    @Test("CSV: the header, a province line, a region line and the total; the default year; 403 and 422")
    func csvAndRefusals() async throws {
        try await RouteFixture.with(clock: ManualClock(Self.today.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 12 * 3600))) { fixture in
            try await fixture.serve { client in
                let world = try await world(fixture, client: client)
                try await play(world, fixture)
                let csv = try await client.send(.get, "/v1/kpis/programme?fiscalYear=2570", token: world.officer, accept: "text/csv")
                #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(csv.headers[.contentDisposition] == "attachment; filename=\"programme-2570.csv\"")
                let lines = csv.text.split(separator: "\r\n").map(String.init)
                let header: String = ["fiscal_year,level,region,region_name_th,province_code,province_name_th,requests_received",
                                      "screened_eligible,screened_not_eligible,matched,assigned,completed,withdrawn,waiting,establishments_served",
                                      "median_days_to_assignment,median_days_to_completion,rated,mean_rating,income_reported",
                                      "income_increased_10_percent,median_income_change_percent,coupon_committed_baht,coupon_spent_baht,month"]
                    .joined(separator: ",")
                #expect(lines.first == header)
                #expect(lines.contains("2570,province,north,ภาคเหนือ,TH-50,เชียงใหม่,2,2,0,2,2,2,0,0,2,15.0,45.0,2,4.00,2,1,7.5,,,"))
                #expect(lines.contains("2570,region,north,ภาคเหนือ,,,4,4,0,3,2,2,1,1,2,15.0,45.0,2,4.00,2,1,7.5,100000,250000,"))
                #expect(lines[10] == "2570,total,,,,,6,5,1,4,3,2,1,1,3,10.0,45.0,2,4.00,2,1,7.5,150000,250000,")
                // A month: what happened in it (requests received, assignments, completions, coupon spent), the rest blank.
                #expect(lines[11] == "2570,month,,,,,0,,,,0,0,,,,,,,,,,,,0,2026-10")
                #expect(lines.contains("2570,month,,,,,7,,,,4,0,,,,,,,,,,,,0,2027-01"))
                #expect(lines.count == 23, "the header, 3 provinces, 6 regions, the total and 12 months")

                // Without fiscalYear: the fiscal year of today (2027-05-01 is in 2570).
                let current = try await client.send(.get, "/v1/kpis/programme", token: try await fixture.token(.operator))
                #expect(try current.status == .ok && (current.decode(ProgrammeKPIs.self)).fiscalYear == 2570)

                for role in [Role.enterprise, .provider] {
                    let token = try await fixture.token(role, enterprise: role == .enterprise ? UUID() : nil, provider: role == .provider ? UUID() : nil)
                    #expect(try await client.send(.get, "/v1/kpis/programme", token: token).status == .forbidden, "\(role)")
                }
                for bad in ["1999", "2570.5", "next"] {
                    let refused = try await client.send(.get, "/v1/kpis/programme?fiscalYear=\(bad)", token: world.officer)
                    #expect(refused.status == .unprocessableContent, "\(bad)")
                    let errors = refused.problem?.errors ?? []
                    #expect(errors.contains { $0.parameter == "fiscalYear" }, "\(refused.text)")
                }
            }
        }
    }

    @Test("region and provinceCode narrow every figure; byMonth counts what happened in each month; a scoped officer names only its own region")
    func placesAndMonths() async throws {
        try await RouteFixture.with(clock: ManualClock(Self.today.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 12 * 3600))) { fixture in
            try await fixture.serve { client in
                let world = try await world(fixture, client: client)
                try await play(world, fixture)
                let operatorToken = try await fixture.token(.operator)
                let all = try await client.send(.get, "/v1/kpis/programme?fiscalYear=2570", token: operatorToken).decode(ProgrammeKPIs.self)
                #expect(all.byMonth.map(\.month) == ["2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05",
                                                     "2027-06", "2027-07", "2027-08", "2027-09"])
                let january = try #require(all.byMonth.first { $0.month == "2027-01" })
                #expect(january.requestsReceived == 7, "by the month it happened: R6 of the 2569 cohort was submitted in January too")
                #expect(january.assigned == 4 && january.completed == 0, "R1, R2 to A, R6, R7; a re-published event adds nothing")
                let february = try #require(all.byMonth.first { $0.month == "2027-02" })
                #expect(february.assigned == 1 && february.completed == 1 && february.couponSpentBaht == 100_000)
                #expect(all.byMonth.first { $0.month == "2027-03" }?.completed == 1)

                let north = try await client.send(.get, "/v1/kpis/programme?fiscalYear=2570&region=north", token: operatorToken)
                    .decode(ProgrammeKPIs.self)
                #expect(north.region == .north && north.provinceCode == nil)
                #expect(north.total.requestsReceived == 4 && north.byRegion.compactMap(\.region) == [.north])
                #expect(north.total.couponCommittedBaht == 100_000)
                #expect(north.byMonth.first { $0.month == "2027-01" }?.requestsReceived == 5)
                #expect(north.byMonth.first { $0.month == "2027-01" }?.assigned == 3)

                let chiangRai = try await client.send(.get, "/v1/kpis/programme?fiscalYear=2570&provinceCode=TH-57", token: world.officer)
                #expect(chiangRai.status == .ok, "\(chiangRai.text)")
                let province = try chiangRai.decode(ProgrammeKPIs.self)
                #expect(province.region == .north && province.provinceCode == "TH-57")
                #expect(province.byProvince.compactMap(\.provinceCode) == ["TH-57"] && province.total.requestsReceived == 2)
                #expect(province.byRegion.first?.requestsReceived == 2 && province.total.couponCommittedBaht == nil, "budgets are regional")
                #expect(province.providers.map(\.providerId) == [world.providerA], "A serves the whole north; B only Chiang Mai there")
                #expect(province.byMonth.first { $0.month == "2027-01" }?.requestsReceived == 2)
                let csv = try await client.send(.get, "/v1/kpis/programme?fiscalYear=2570&provinceCode=TH-57", token: world.officer,
                                                accept: "text/csv")
                #expect(csv.text.contains("2570,month,north,ภาคเหนือ,TH-57,เชียงราย,2,,,,0,0,,,,,,,,,,,,0,2027-01"), "\(csv.text)")

                let certificates = try await client.send(.get, "/v1/kpis/certificates?fiscalYear=2570&provinceCode=TH-50", token: operatorToken)
                #expect(certificates.status == .ok, "\(certificates.text)")
                let certificateKPIs = try certificates.decode(CertificateKPIs.self)
                #expect(certificateKPIs.provinceCode == "TH-50" && certificateKPIs.region == .north)

                let northOfficer = try await fixture.token(.officer, region: .north)
                #expect(try await client.send(.get, "/v1/kpis/programme?region=north", token: northOfficer).status == .ok)
                #expect(try await client.send(.get, "/v1/kpis/programme?provinceCode=TH-50", token: northOfficer).status == .ok)
                for other in ["region=northeast", "provinceCode=TH-40"] {
                    #expect(try await client.send(.get, "/v1/kpis/programme?\(other)", token: northOfficer).status == .notFound, "\(other)")
                    #expect(try await client.send(.get, "/v1/kpis/certificates?\(other)", token: northOfficer).status == .notFound, "\(other)")
                }
                let mismatch = try await client.send(.get, "/v1/kpis/programme?region=north&provinceCode=TH-40", token: operatorToken)
                #expect(mismatch.status == .notFound, "a province outside the region named is no place: \(mismatch.text)")
                let bad = try await client.send(.get, "/v1/kpis/certificates?region=middle&provinceCode=TH-00", token: operatorToken)
                #expect(Set(bad.fields) == ["region", "provinceCode"], "\(bad.text)")
            }
        }
    }
}
