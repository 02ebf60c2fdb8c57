import Domain
import Foundation
import Hummingbird

/// The KPI dashboard per fiscal year and region: the funnel, requests and assignments per region, the
/// monthly trend (A11), certificates per standard, coupon money against the budgets, provider load
/// and completion, the ≥ 10 % income KPI; SVG charts drawn here and every table as a CSV.
struct DashboardPages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/dashboard", use: dashboard)
        group.get("/dashboard/:table", use: csv)
    }

    struct Figures {
        var programme: IntakeProgrammeKPIs
        var certificates: IntakeCertificateKPIs
        var budgets: IntakeBudgetList
    }

    /// The figures of `year`, narrowed by intake to `region` or `province` when one is given (A11).
    func figures(year: Int, region: String?, province: String?, session: Session) async throws -> Figures {
        let query = [("fiscalYear", String(year)), ("region", province == nil ? region : nil), ("provinceCode", province)]
        async let programme = portal.intake.get("/v1/kpis/programme", query, as: IntakeProgrammeKPIs.self, session: session)
        async let certificates = portal.intake.get("/v1/kpis/certificates", query, as: IntakeCertificateKPIs.self, session: session)
        async let budgets = portal.intake.get("/v1/budgets", [("fiscalYear", String(year))], as: IntakeBudgetList.self, session: session)
        return Figures(programme: try await programme, certificates: try await certificates, budgets: try await budgets)
    }

    /// The tables of the dashboard, each a header and rows of text (shown on the page and downloaded).
    func tables(_ figures: Figures, region: String?, _ language: Language) -> [(name: String, title: String, header: [String], rows: [[String]])] {
        let t = Labels.table(language), names = Names(language: language)
        let funnel = funnelRows(region.flatMap { code in figures.programme.byRegion.first { $0.region == code } } ?? figures.programme.total, t)
        let regions = figures.programme.byRegion.filter { region == nil || $0.region == region }.map { row in
            [names.region(row.region), Format.number(row.requestsReceived), Format.number(row.matched), Format.number(row.assigned),
             Format.number(row.completed), Format.number(row.establishmentsServed),
             row.medianDaysToAssignment.map { Format.decimal($0) } ?? "—", row.medianDaysToCompletion.map { Format.decimal($0) } ?? "—",
             "\(Format.number(row.incomeIncreasedTenPercent))/\(Format.number(row.incomeReported))",
             row.couponCommittedBaht.map(Format.number) ?? "—", row.couponSpentBaht.map(Format.number) ?? "—"]
        }
        let provinces = figures.programme.byProvince.filter { region == nil || $0.region == region }.map { row in
            [names.province(row.provinceCode ?? ""), names.region(row.region), Format.number(row.requestsReceived), Format.number(row.assigned),
             Format.number(row.completed)]
        }
        let standards = figures.certificates.byStandard.map { row in
            [names.standard(row.standard), Format.number(row.obtained), Format.number(row.renewals),
             row.medianDaysToCertificate.map { Format.decimal($0) } ?? "—", Format.number(row.expiringWithin90Days)]
        }
        let budgets = figures.budgets.items.filter { region == nil || $0.region == region }.map { budget in
            [names.region(budget.region), Format.number(budget.allocatedBaht), Format.number(budget.committedBaht),
             Format.number(budget.spentBaht), Format.number(budget.availableBaht)]
        }
        let providers = figures.programme.providers.map { provider in
            [provider.name, Format.number(provider.capacity), Format.number(provider.activeAssignments), provider.load.map(Format.percent) ?? "—",
             Format.number(provider.assignments), Format.number(provider.completed), provider.completionRate.map(Format.percent) ?? "—"]
        }
        return [
            ("funnel", t["kpiFunnel"]!, [t["stage"]!, t["count"]!], funnel.map { [$0.label, Format.number($0.value)] }),
            ("regions", t["kpiByRegion"]!, [t["region"]!, t["kpiReceived"]!, t["kpiMatched"]!, t["kpiAssigned"]!, t["kpiCompleted"]!,
                                            t["kpiServed"]!, t["kpiDaysToAssignment"]!, t["kpiDaysToCompletion"]!, t["kpiIncome"]!,
                                            t["committed"]!, t["spent"]!], regions),
            ("provinces", t["kpiByProvince"]!, [t["province"]!, t["region"]!, t["kpiReceived"]!, t["kpiAssigned"]!, t["kpiCompleted"]!], provinces),
            ("certificates", t["kpiCertificates"]!, [t["standard"]!, t["kpiObtained"]!, t["kpiRenewals"]!, t["kpiDaysToCertificate"]!,
                                                     t["kpiExpiring"]!], standards),
            ("budgets", t["kpiBudgets"]!, [t["region"]!, t["allocated"]!, t["committed"]!, t["spent"]!, t["available"]!], budgets),
            ("providers", t["kpiProviders"]!, [t["provider"]!, t["capacity"]!, t["inUse"]!, t["load"]!, t["kpiAssigned"]!, t["kpiCompleted"]!,
                                               t["completionRate"]!], providers)]
    }

    func funnelRows(_ row: IntakeProgrammeKPIs.Row, _ t: [String: String]) -> [SVGChart.Bar] {
        [.init(label: t["kpiReceived"]!, value: row.requestsReceived), .init(label: t["kpiEligible"]!, value: row.screenedEligible),
         .init(label: t["kpiMatched"]!, value: row.matched), .init(label: t["kpiAssigned"]!, value: row.assigned),
         .init(label: t["kpiCompleted"]!, value: row.completed)]
    }

    @Sendable func dashboard(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, user) = try portal.require(context, .officer, .operator)
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        let query = request.uri.queryParameters
        let year = ProgrammePages.year(query["fiscalYear"].map(String.init))
        let (region, province) = Self.place(query, session: session)
        let figures = try await figures(year: year, region: region, province: province, session: session)
        let chosen = figures.programme.total
        let tables = tables(figures, region: region, language)
        let download = { (name: String) in
            "/dashboard/\(name).csv" + IntakeClient.queryString([("fiscalYear", String(year)), ("region", region), ("provinceCode", province)])
        }
        var sections = [
            Section(heading: t["filter"]!, id: "filter", forms: [FormSpec(action: "/dashboard", method: "get", fields: [
                .init(name: "fiscalYear", label: t["fiscalYear"]!, kind: .number, value: String(year)),
                .init(name: "region", label: t["region"]!, kind: .select, options: user.region != nil
                      ? [.init(value: region ?? "", label: names.region(region), selected: true)] : names.regionOptions(selected: region, all: t["allRegions"]!)),
                .init(name: "provinceCode", label: t["province"]!, kind: .select,
                      options: names.provinceOptions(selected: province, all: t["allProvinces"]!, in: user.region))],
                submit: t["show"]!, inline: true)]),
            Section(heading: t["kpiHeadline"]!, id: "headline", facts: [
                Fact(label: t["kpiReceived"]!, value: Format.number(chosen.requestsReceived)),
                Fact(label: t["kpiServed"]!, value: Format.number(chosen.establishmentsServed)),
                Fact(label: t["kpiDaysToAssignment"]!, value: chosen.medianDaysToAssignment.map { Format.decimal($0) } ?? "—"),
                Fact(label: t["kpiDaysToCertificate"]!, value: figures.certificates.total.medianDaysToCertificate.map { Format.decimal($0) } ?? "—"),
                Fact(label: t["kpiIncome"]!, value: "\(Format.number(chosen.incomeIncreasedTenPercent)) / \(Format.number(chosen.incomeReported))"),
                Fact(label: t["meanRating"]!, value: chosen.meanRating.map { Format.decimal($0, decimals: 2) } ?? "—")]),
            Section(heading: t["kpiFunnel"]!, id: "funnel", chart: SVGChart.bars(title: t["kpiFunnel"]!, description: t["kpiFunnelDescription"]!,
                                                                                 funnelRows(chosen, t)))]
        let perRegion = figures.programme.byRegion.filter { region == nil || $0.region == region }
        sections.append(Section(heading: t["kpiAssignedByRegion"]!, id: "by-region", chart: SVGChart.bars(
            title: t["kpiAssignedByRegion"]!, description: t["kpiAssignedByRegion"]!,
            perRegion.map { .init(label: names.region($0.region), value: $0.assigned) })))
        if let months = figures.programme.byMonth {
            sections.append(Section(heading: t["kpiMonthly"]!, id: "monthly", chart: SVGChart.line(
                title: t["kpiMonthly"]!, description: t["kpiMonthlyDescription"]!,
                points: months.map { .init(label: Format.month($0.month, language), value: $0.requestsReceived) })))
        } else {
            sections.append(Section(heading: t["kpiMonthly"]!, id: "monthly", note: t["waitsFor"]!.replacingOccurrences(of: "{addition}", with: "A11")))
        }
        for table in tables {
            // The figures start after the row's names (a province's region is a name too).
            let firstNumber = table.name == "provinces" ? 2 : 1
            sections.append(Section(heading: table.title, id: "t-\(table.name)", table: Table(
                caption: table.title, columns: table.header, numericColumns: Set(firstNumber..<table.header.count),
                rows: table.rows.map { $0.enumerated().map { Table.Cell(text: $0.element, numeric: $0.offset >= firstNumber) } },
                empty: t["noneFound"]!,
                download: download(table.name))))
        }
        return await portal.render(sectionsPage(title: "navDashboard", heading: "\(t["navDashboard"]!) · \(Format.fiscalYear(year, language))",
                                                intro: "\(t["asOf"]!) \(Format.day(figures.programme.asOf, language) ?? figures.programme.asOf)",
                                                sections: sections), request, context)
    }

    @Sendable func csv(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.require(context, .officer, .operator)
        guard let file = context.parameters.get("table"), file.hasSuffix(".csv") else { throw HTTPError(.notFound) }
        let name = String(file.dropLast(4))
        let query = request.uri.queryParameters
        let year = ProgrammePages.year(query["fiscalYear"].map(String.init))
        let (region, province) = Self.place(query, session: session)
        let figures = try await figures(year: year, region: region, province: province, session: session)
        guard let table = tables(figures, region: region, context.language).first(where: { $0.name == name }) else { throw HTTPError(.notFound) }
        // Numbers in the file without separators, so a spreadsheet reads them as numbers.
        let rows = table.rows.map { $0.map { cell in cell.first?.isNumber == true ? cell.replacingOccurrences(of: ",", with: "") : cell } }
        return CSVFile(name: "otop-\(name)-\(year)\((province ?? region).map { "-\($0)" } ?? "").csv", header: table.header, rows: rows).response
    }

    /// The region and province asked for: a scoped officer's region always; a province only when
    /// it is known (and, for a scoped officer, in the officer's region: intake would answer 404).
    static func place(_ query: Parameters, session: Session) -> (region: String?, province: String?) {
        let region = session.account?.region?.rawValue ?? query["region"].map(String.init).flatMap { Region(rawValue: $0)?.rawValue }
        let province = query["provinceCode"].map(String.init).flatMap(Province.withCode)
            .flatMap { province in region.map { $0 == province.region.rawValue } ?? true ? province.isoCode : nil }
        return (region ?? province.flatMap { Province.withCode($0)?.region.rawValue }, province)
    }
}
