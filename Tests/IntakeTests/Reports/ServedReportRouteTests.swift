import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Postgres
import Testing

/// `GET /v1/reports/served` over ``ReportWorld``: establishments counted once over live records and
/// the imported history together, checked against a count the test makes in SQL over both sources,
/// per fiscal year and quarter, by region and by source, as JSON and as CSV with a byte-order mark.
@Suite("Served report", .serialized)
struct ServedReportRouteTests {
    /// Distinct establishments over both sources, counted here without the report's code: a live
    /// enterprise with a request assigned at least once, by its registration number (or its id);
    /// an imported coupon by its registration number, or its province and its name without spaces.
    static let establishmentsInSQL = #"""
        SELECT count(DISTINCT establishment)::int8 AS n FROM (
            SELECT coalesce(e.registration_number, e.id::text) AS establishment
            FROM intake.requests r JOIN intake.enterprises e ON e.id = r.enterprise_id
            WHERE r.id IN (SELECT request_id FROM intake.request_assignments)
            UNION ALL
            SELECT coalesce(registration_number, province_code || ':' || lower(regexp_replace(establishment_name, '\s', '', 'g')))
            FROM intake.historical_coupons
        ) served
        """#

    @Test("since FY2560: each establishment once over live and imported coupons, equal to a count made in SQL; every figure by source")
    func cumulative() async throws {
        try await RouteFixture.with(clock: ReportWorld.clock) { fixture in
            let world = try await ReportWorld.make(fixture)
            let answer = try await fixture.call.send(.get, "/v1/reports/served", token: world.ministry)
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try answer.decode(ServedReport.self)
            #expect(report.period.from == "2560" && report.period.until == "2570" && report.period.per == .total)
            #expect(report.period.startsOn == "2016-10-01" && report.period.endsOn == "2027-09-30")
            #expect(report.period.labelTH == "ตั้งแต่ปีงบประมาณ พ.ศ. 2560 ถึงปีงบประมาณ พ.ศ. 2570")
            #expect(report.asOf == "2027-05-01" && report.region == nil && report.parts.isEmpty && report.byKey == nil)

            let inSQL = try await fixture.count(Self.establishmentsInSQL)
            #expect(inSQL == 4)
            #expect(report.total.establishments.total == inSQL)
            #expect(report.total.establishments == SourceFigure(total: 4, live: 2, imported: 3),
                    "the Mae Rim group is served live and in the history: once in the total")
            #expect(report.total.coupons == SourceFigure(total: 7, live: 3, imported: 4), "R4 was never assigned")
            #expect(report.total.couponBaht == SourceFigure(total: 690_000, live: 240_000, imported: 450_000))
            #expect(report.total.completed == SourceFigure(total: 4, live: 1, imported: 3))
            #expect(report.total.certificatesObtained == SourceFigure(total: 3, live: 1, imported: 2))

            // The officers' and the operator's answers are the ministry's; enterprises may not read it.
            let asOfficer = try await fixture.call.send(.get, "/v1/reports/served", token: world.officer)
            #expect(try asOfficer.decode(ServedReport.self).total == report.total)
            let asEnterprise = try await fixture.call.send(.get, "/v1/reports/served", token: world.enterprise)
            #expect(asEnterprise.status == .forbidden)
        }
    }

    @Test("per fiscal year and by region: each year's establishments, each region's, and the whole period's once")
    func perYearByRegion() async throws {
        try await RouteFixture.with(clock: ReportWorld.clock) { fixture in
            let world = try await ReportWorld.make(fixture)
            let answer = try await fixture.call.send(.get, "/v1/reports/served?from=2560&until=2570&per=fiscalYear&by=region",
                                                     token: world.ministry)
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try answer.decode(ServedReport.self)
            #expect(report.parts.map(\.fiscalYear) == Array(2560...2570))
            func year(_ fiscalYear: Int) -> ServedFigures? { report.parts.first { $0.fiscalYear == fiscalYear }?.total }
            #expect(year(2560)?.establishments == SourceFigure(total: 1, live: 0, imported: 1))
            #expect(year(2562)?.coupons == SourceFigure(total: 1, live: 0, imported: 1))
            #expect(year(2563) == .zero)
            #expect(year(2570)?.establishments == SourceFigure(total: 2, live: 2, imported: 0))
            #expect(year(2570)?.coupons.live == 3)
            #expect(report.parts.first?.labelTH == "ปีงบประมาณ พ.ศ. 2560" && report.parts.first?.labelEN == "FY2560 (BE)")

            let regions = try #require(report.byKey)
            #expect(regions.compactMap(\.key) == ["north", "northeast", "south"], "regions with coupons, in the regions' order")
            let north = try #require(regions.first { $0.key == "north" })
            #expect(north.labelTH == "ภาคเหนือ")
            #expect(north.figures.establishments == SourceFigure(total: 1, live: 1, imported: 1))
            #expect(north.figures.coupons == SourceFigure(total: 4, live: 2, imported: 2))
            let northeast = try #require(regions.first { $0.key == "northeast" })
            #expect(northeast.figures.establishments == SourceFigure(total: 2, live: 1, imported: 1), "Khon Kaen live, Buri Ram imported")
            let inRegions = try await fixture.pool.query("""
                SELECT count(*)::int8 AS n FROM intake.historical_coupons WHERE province_code = ANY(\(Province.codes(in: .south)))
                """)
            #expect(regions.first { $0.key == "south" }?.figures.coupons.imported == Int(try inRegions[0].decode(Int64.self, column: "n")))
            #expect(regions.map(\.figures.establishments.total).reduce(0, +) == report.total.establishments.total)
            let year2570 = try #require(report.parts.last?.byKey)
            #expect(year2570.compactMap(\.key) == ["north", "northeast"])
        }
    }

    @Test("per quarter (Q1 = October–December); imported coupons without a quarter get a part of their own; by source")
    func perQuarter() async throws {
        try await RouteFixture.with(clock: ReportWorld.clock) { fixture in
            let world = try await ReportWorld.make(fixture)
            let live = try await fixture.call.send(.get, "/v1/reports/served?from=2570Q1&until=2570Q2&per=quarter", token: world.ministry)
            #expect(live.status == .ok, "\(live.text)")
            let quarters = try live.decode(ServedReport.self)
            #expect(quarters.period.startsOn == "2026-10-01" && quarters.period.endsOn == "2027-03-31")
            #expect(quarters.parts.map(\.quarter) == [1, 2])
            #expect(quarters.parts.map(\.total.coupons.live) == [1, 2], "R3 in November, R1 and R2 in January")
            #expect(quarters.parts[1].labelTH == "ไตรมาส 2 ปีงบประมาณ พ.ศ. 2570")
            #expect(quarters.total.establishments.total == 2)

            let unknown = try await fixture.call.send(.get, "/v1/reports/served?from=2562&until=2562&per=quarter&by=source",
                                                      token: world.ministry)
            let year = try unknown.decode(ServedReport.self)
            #expect(year.parts.map(\.quarterKnown) == [true, true, true, true, false])
            #expect(year.parts.map(\.total.coupons.total) == [0, 0, 0, 0, 1], "FY2562's coupon has no quarter in the file")
            #expect(year.parts.last?.labelEN == "FY2562 (BE) (quarter not known)")
            #expect(year.byKey?.map(\.key) == ["imported"])
            #expect(year.total.coupons.total == 1)
        }
    }

    @Test("CSV: UTF-8 with a byte-order mark, the stable header, one line per part and key, then the whole period")
    func csv() async throws {
        try await RouteFixture.with(clock: ReportWorld.clock) { fixture in
            let world = try await ReportWorld.make(fixture)
            let answer = try await fixture.call.send(.get, "/v1/reports/served?per=fiscalYear&by=region", token: world.ministry,
                                                     accept: "text/csv")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(answer.headers[.contentDisposition] == "attachment; filename=\"served-2560-2570.csv\"")
            #expect(Array(answer.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: answer.body.dropFirst(3), as: UTF8.self).split(separator: "\r\n").map(String.init)
            #expect(lines.first == ServedReport.csvHeader.joined(separator: ","))
            #expect(lines.contains("2570,ปีงบประมาณ พ.ศ. 2570,2570,,total,,,,2,2,0,3,3,0,240000,240000,0,1,1,0,1,1,0"), "\(lines)")
            #expect(lines.contains("2560-2570,ตั้งแต่ปีงบประมาณ พ.ศ. 2560 ถึงปีงบประมาณ พ.ศ. 2570,,,total,,,,4,2,3,7,3,4,690000,240000,450000,4,1,3,3,1,2"))
            #expect(lines.contains { $0.hasPrefix("2560-2570,") && $0.contains(",region,north,ภาคเหนือ,North,1,1,1,4,2,2,") })
            #expect(lines.count == 22, "the header, 11 year totals, 6 year-region lines, the period's total and its 3 regions")
        }
    }

    @Test("an officer scoped to the north gets the north's figures with region in the answer")
    func scoped() async throws {
        try await RouteFixture.with(clock: ReportWorld.clock) { fixture in
            let world = try await ReportWorld.make(fixture)
            let report = try await fixture.call.send(.get, "/v1/reports/served?by=province", token: world.northOfficer)
                .decode(ServedReport.self)
            #expect(report.region == .north)
            #expect(report.total.establishments == SourceFigure(total: 1, live: 1, imported: 1))
            #expect(report.byKey?.compactMap(\.key) == ["TH-50"])
            #expect(report.byKey?.first?.labelTH == "เชียงใหม่")
        }
    }

    @Test("bad parameters are one 422 naming each: a year before FY2560, a bad quarter, from after until, an unknown split or breakdown")
    func refusals() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        for (query, fields) in [("from=2559", ["from"]), ("until=2568Q5", ["until"]), ("from=2568&until=2567Q4", ["from"]),
                                ("per=month&by=district", ["per", "by"]), ("from=2020", ["from"])] {
            let answer = try await fixture.call.send(.get, "/v1/reports/served?\(query)", token: parties.tokens.ministry)
            #expect(answer.status == .unprocessableContent, "\(query): \(answer.text)")
            #expect(Set(answer.fields) == Set(fields), "\(query): \(answer.text)")
        }
    }
}
