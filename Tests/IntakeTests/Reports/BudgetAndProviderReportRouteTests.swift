import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Testing

/// `GET /v1/reports/budget-execution` and `GET /v1/reports/provider-scorecards` over ``ReportWorld``:
/// the live budgets against their allocation beside the imported history's coupon money, and each
/// provider's record with the history's coupons naming it, as JSON and CSV.
@Suite("Budget execution and provider scorecards", .serialized)
struct BudgetAndProviderReportRouteTests {
    @Test("budget execution per fiscal year and region: allocated, committed, spent and their shares; imported coupon money beside them")
    func budgetExecution() async throws {
        try await RouteFixture.with(clock: ReportWorld.clock) { fixture in
            let world = try await ReportWorld.make(fixture)
            let answer = try await fixture.call.send(.get, "/v1/reports/budget-execution", token: world.ministry)
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try answer.decode(BudgetExecutionReport.self)
            #expect(report.period.from == "2560" && report.period.until == "2570")
            #expect(report.years.map(\.fiscalYear) == [2560, 2561, 2562, 2565, 2570], "years with a budget or imported history")
            let earliest = try #require(report.years.first)
            #expect(earliest.byRegion.map(\.region) == [.north])
            #expect(earliest.total.importedCoupons == 1 && earliest.total.importedCouponBaht == 150_000)
            #expect(earliest.total.allocatedBaht == nil && earliest.total.committedPercent == nil, "no live budget before the system")

            let current = try #require(report.years.last)
            #expect(current.byRegion.map(\.region) == [.north, .northeast])
            let north = current.byRegion[0]
            #expect(north.regionNameTH == "ภาคเหนือ" && north.labelTH == "ปีงบประมาณ พ.ศ. 2570")
            #expect(north.allocatedBaht == 1_000_000 && north.committedBaht == 60_000 && north.spentBaht == 100_000)
            #expect(north.availableBaht == 840_000)
            #expect(north.committedPercent == 16 && north.spentPercent == 10, "(60,000 + 100,000) and 100,000 of 1,000,000")
            #expect(current.total.allocatedBaht == 1_500_000)
            #expect(current.total.committedPercent == 10.7 && current.total.spentPercent == 6.7)
            #expect(report.total.allocatedBaht == 1_500_000 && report.total.importedCoupons == 4 && report.total.importedCouponBaht == 450_000)

            let scoped = try await fixture.call.send(.get, "/v1/reports/budget-execution?from=2570&until=2570", token: world.northOfficer)
                .decode(BudgetExecutionReport.self)
            #expect(scoped.region == .north && scoped.years.flatMap(\.byRegion).map(\.region) == [.north])

            let csv = try await fixture.call.send(.get, "/v1/reports/budget-execution", token: world.ministry, accept: "text/csv")
            #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: csv.body.dropFirst(3), as: UTF8.self).split(separator: "\r\n").map(String.init)
            #expect(lines.first == BudgetExecutionReport.csvHeader.joined(separator: ","))
            #expect(lines.contains("2570,ปีงบประมาณ พ.ศ. 2570,region,north,ภาคเหนือ,1000000,0,60000,100000,840000,16.0,10.0,0,0"), "\(lines)")
            #expect(lines.last?.hasPrefix(",ตั้งแต่ปีงบประมาณ พ.ศ. 2560 ถึงปีงบประมาณ พ.ศ. 2570,total,,,1500000,") == true, "\(lines)")
        }
    }

    @Test("provider scorecards: assignments, completions, withdrawals, declines and expiries, ratings, days, certificates, money; history by name")
    func scorecards() async throws {
        try await RouteFixture.with(clock: ReportWorld.clock) { fixture in
            let world = try await ReportWorld.make(fixture)
            let answer = try await fixture.call.send(.get, "/v1/reports/provider-scorecards", token: world.ministry)
            #expect(answer.status == .ok, "\(answer.text)")
            let cards = try answer.decode(ProviderScorecards.self).providers
            #expect(cards.count == 4, "A and B, and two providers the history names only: \(cards.map(\.name))")

            let a = try #require(cards.first { $0.providerId == world.providerA })
            #expect(a.assignments == 2 && a.completed == 1 && a.withdrawnByOfficer == 1 && a.completionRate == 0.5)
            #expect(a.declined == 0 && a.expired == 1, "R4's proposal expired")
            #expect(a.rated == 1 && a.meanRating == 5 && a.medianDaysToFinish == 40)
            #expect(a.certificatesObtained == 1)
            #expect(a.couponBaht == 100_000 && a.spentBaht == 100_000, "R3's withdrawn coupon is not A's")
            #expect(a.imported == ProviderScorecards.ImportedWork(coupons: 2, couponBaht: 250_000, completed: 1, certificatesObtained: 1),
                    "the history names A with one space where the register has two")

            let b = try #require(cards.first { $0.providerId == world.providerB })
            #expect(b.assignments == 1 && b.completed == 0 && b.completionRate == nil && b.declined == 1 && b.expired == 0)
            #expect(b.couponBaht == 60_000 && b.spentBaht == 0 && b.imported == .zero)

            let historyOnly = cards.filter { $0.providerId == nil }
            #expect(Set(historyOnly.map(\.name)) == ["มหาวิทยาลัยราชภัฏบุรีรัมย์", "มหาวิทยาลัยสงขลานครินทร์"])
            #expect(historyOnly.allSatisfy { $0.assignments == 0 && $0.imported.coupons == 1 })

            let recent = try await fixture.call.send(.get, "/v1/reports/provider-scorecards?from=2570", token: world.ministry)
                .decode(ProviderScorecards.self).providers
            #expect(Set(recent.compactMap(\.providerId)) == [world.providerA, world.providerB] && recent.count == 2)
            #expect(recent.first { $0.providerId == world.providerA }?.imported == .zero)

            let csv = try await fixture.call.send(.get, "/v1/reports/provider-scorecards", token: world.ministry, accept: "text/csv")
            #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: csv.body.dropFirst(3), as: UTF8.self).split(separator: "\r\n").map(String.init)
            #expect(lines.first == ProviderScorecards.csvHeader.joined(separator: ","))
            #expect(lines.contains { $0.hasPrefix(world.providerA.lowercased + ",") && $0.hasSuffix(",1,100000,100000,2,250000,1,1") },
                    "\(lines)")
            #expect(lines.count == 5)
        }
    }
}
