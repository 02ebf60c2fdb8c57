import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// Coupon budgets per region and fiscal year (created with `If-None-Match: *`, changed with
/// `If-Match`, the refusal's reason shown) and allocation rounds (start one, read its result).
struct ProgrammePages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/budgets", use: budgets)
        group.get("/budgets/:year/:region", use: budget)
        group.post("/budgets/:year/:region", use: setBudget)
        group.get("/rounds", use: rounds)
        group.post("/rounds", use: startRound)
        group.get("/rounds/:id", use: round)
    }

    static func year(_ text: String?) -> Int {
        text.flatMap(Int.init).flatMap { (2560...2700).contains($0) ? $0 : nil } ?? Format.currentFiscalYear()
    }

    @Sendable func budgets(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, user) = try portal.require(context, .officer, .operator)
        let year = Self.year(request.uri.queryParameters["fiscalYear"].map(String.init))
        let t = Labels.table(context.language), names = Names(language: context.language)
        let list = try await portal.intake.get("/v1/budgets", [("fiscalYear", String(year))], as: IntakeBudgetList.self, session: session)
        let regions = user.region.map { [$0] } ?? Region.allCases
        let rows = regions.map { region -> [Table.Cell] in
            let budget = list.items.first { $0.region == region.rawValue }
            let link = "/budgets/\(year)/\(region.rawValue)"
            guard let budget, budget.set != false else {
                return [.init(text: names.region(region.rawValue), href: link), .init(text: t["notSet"]!)]
                    + Array(repeating: Table.Cell(text: "—", numeric: true), count: 5)
            }
            return [.init(text: names.region(region.rawValue), href: link), .init(text: t["set"]!)] + [
                budget.allocatedBaht, budget.heldBaht, budget.committedBaht, budget.spentBaht, budget.availableBaht].map {
                    Table.Cell(text: Format.number($0), numeric: true) }
        }
        return await portal.render(sectionsPage(title: "navBudgets", heading: "\(t["navBudgets"]!) \(Format.fiscalYear(year, context.language))", sections: [
            Section(heading: t["fiscalYear"]!, id: "year", forms: [FormSpec(action: "/budgets", method: "get", fields: [
                .init(name: "fiscalYear", label: t["fiscalYear"]!, kind: .number, value: String(year))], submit: t["show"]!, inline: true)]),
            Section(heading: t["budgetsByRegion"]!, id: "budgets", table: Table(
                caption: t["budgetsByRegion"]!, columns: [t["region"]!, t["state"]!, t["allocated"]!, t["held"]!, t["committed"]!, t["spent"]!, t["available"]!],
                numericColumns: [2, 3, 4, 5, 6], rows: rows, empty: t["noneFound"]!))]), request, context)
    }

    @Sendable func budget(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await budgetPage(request, context, problem: nil)
    }

    func budgetPath(_ context: PortalRequestContext) throws -> (Int, Region) {
        guard let year = context.parameters.get("year").flatMap(Int.init), (2560...2700).contains(year),
              let region = context.parameters.get("region").flatMap(Region.init(rawValue:)) else { throw HTTPError(.notFound) }
        return (year, region)
    }

    func budgetPage(_ request: Request, _ context: PortalRequestContext, problem: String?, status: Int = 200) async throws -> Response {
        let (session, user) = try portal.require(context, .officer, .operator)
        let (year, region) = try budgetPath(context)
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        var budget: IntakeBudget?, etag: String?
        // Before A9 intake answers 404 until matching publishes a budget (a scoped officer's other region is a 404 too).
        switch try await IntakeClient.outcome(showing: [404], { () async throws(IntakeProblem) in
            try await portal.intake.getVersioned("/v1/budgets/\(year)/\(region.rawValue)", as: IntakeBudget.self, session: session)
        }) {
        case .success(let answer):
            (budget, etag) = answer
        case .failure(let problem):
            if user.region.map({ $0 != region }) ?? false { throw problem }
        }
        var facts: [Fact] = []
        if let budget, budget.set != false {
            facts = [("allocated", budget.allocatedBaht), ("held", budget.heldBaht), ("committed", budget.committedBaht),
                     ("spent", budget.spentBaht), ("released", budget.releasedBaht), ("available", budget.availableBaht)]
                .map { Fact(label: t[$0.0]!, value: Format.number($0.1) + " " + t["baht"]!) }
            facts.append(Fact(label: t["lastChange"]!, value: (t["change_\(budget.lastChange)"] ?? budget.lastChange)
                + (budget.updatedAt.map { " · " + Format.dateTime($0, language) } ?? "")))
        } else {
            facts = [Fact(label: t["state"]!, value: t["notSet"]!)]
        }
        var note: String?
        if let refusal = budget?.lastRefusal {
            note = (language == .th ? refusal.reasonTH : refusal.reasonEN) ?? t["budgetRefused"]!
                .replacingOccurrences(of: "{requested}", with: Format.number(refusal.requestedBaht))
                .replacingOccurrences(of: "{minimum}", with: Format.number(refusal.minimumBaht))
        }
        var sections = [Section(heading: t["budgetDetails"]!, id: "budget", note: note, facts: facts)]
        if user.role == .officer {
            sections.append(Section(heading: t["setBudget"]!, id: "set", forms: [FormSpec(action: "/budgets/\(year)/\(region.rawValue)", fields: [
                // No version before matching has published the first budget: the form then creates it (If-None-Match: *).
                .init(name: "version", label: "", kind: .hidden, value: budget.map { $0.set != false } == true ? etag : nil),
                .init(name: "amountBaht", label: t["amountBaht"]!, kind: .number, value: budget.map { String($0.allocatedBaht) }, required: true)],
                submit: t["setBudget"]!)]))
        }
        if let ledger = try? await portal.intake.get("/v1/budgets/\(year)/\(region.rawValue)/ledger", [("limit", "25")],
                                                     as: IntakePage<IntakeBudgetLedgerEntry>.self, session: session) {
            sections.append(Section(heading: t["ledger"]!, id: "ledger", table: Table(
                caption: t["ledger"]!, columns: [t["when"]!, t["change"]!, t["reference"]!, t["allocated"]!, t["held"]!, t["committed"]!,
                                                 t["spent"]!, t["available"]!],
                numericColumns: [3, 4, 5, 6, 7], rows: ledger.items.map { entry in
                    [.init(text: Format.dateTime(entry.at, language)),
                     .init(text: (t["change_\(entry.change)"] ?? entry.change)
                        + (entry.requestedBaht.map { " (\(Format.number($0)) \(t["baht"]!))" } ?? "")),
                     .init(text: entry.requestReference ?? "—", href: entry.requestId.map { "/requests/\($0.lowercased)" })]
                        + [entry.allocatedBaht, entry.heldBaht, entry.committedBaht, entry.spentBaht, entry.availableBaht].map {
                            Table.Cell(text: Format.number($0), numeric: true) }
                }, empty: t["noneFound"]!)))
        }
        return await portal.render(sectionsPage(title: "budgetDetails", heading: "\(names.region(region.rawValue)) · \(Format.fiscalYear(year, language))",
                                                sections: sections, status: status, problem: problem), request, context)
    }

    @Sendable func setBudget(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        let (year, region) = try budgetPath(context)
        let t = Labels.table(context.language)
        guard let amount = form.text("amountBaht").flatMap({ Int($0.replacingOccurrences(of: ",", with: "")) }), amount >= 0 else {
            return try await budgetPage(request, context, problem: t["amountInvalid"], status: 422)
        }
        // RFC 9110: the first budget is created with If-None-Match: *, a change names the version read.
        let version = form.text("version")
        if case .failure(let problem) = try await IntakeClient.outcome(showing: [409, 412, 422], { () async throws(IntakeProblem) in
            try await portal.intake.send(.PUT, "/v1/budgets/\(year)/\(region.rawValue)", json: ["amountBaht": amount],
                                         ifMatch: version, ifNoneMatch: version == nil ? "*" : nil, session: session)
        }) {
            return try await budgetPage(request, context, problem: problem.status == 412 ? t["changedMeanwhile"]! : (problem.detail ?? problem.title),
                                        status: problem.status)
        }
        return portal.redirect("/budgets/\(year)/\(region.rawValue)", notice: "sent")
    }

    @Sendable func rounds(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, user) = try portal.require(context, .officer, .operator)
        let t = Labels.table(context.language), names = Names(language: context.language)
        let year = Self.year(request.uri.queryParameters["fiscalYear"].map(String.init))
        var sections: [Section] = []
        if await portal.intake.capabilities.has("/v1/rounds", parameter: "fiscalYear") {
            let page = try await portal.intake.get("/v1/rounds", [("fiscalYear", String(year)), ("limit", "25")],
                                                   as: IntakePage<IntakeRound>.self, session: session)
            sections.append(Section(heading: t["pastRounds"]!, id: "past", table: Table(
                caption: t["pastRounds"]!, columns: [t["requestedAt"]!, t["region"]!, t["state"]!, t["requests"]!, t["proposedCount"]!, t["waitlisted"]!],
                numericColumns: [3, 4, 5], rows: page.items.map { round in
                    [.init(text: Format.dateTime(round.requestedAt, context.language), href: "/rounds/\(round.id.lowercased)"),
                     .init(text: round.region.map { names.region($0) } ?? t["allRegions"]!), .init(text: round.status),
                     .init(text: round.requests.map(Format.number) ?? "—", numeric: true),
                     .init(text: round.proposed.map(Format.number) ?? "—", numeric: true),
                     .init(text: round.waitlisted.map(Format.number) ?? "—", numeric: true)]
                }, empty: t["noneFound"]!)))
        } else {
            sections.append(Section(heading: t["pastRounds"]!, id: "past", note: t["waitsFor"]!.replacingOccurrences(of: "{addition}", with: "A10")))
        }
        if user.role == .officer {
            sections.insert(Section(heading: t["startRound"]!, id: "start", note: t["roundHelp"], forms: [FormSpec(action: "/rounds", fields: [
                .init(name: "fiscalYear", label: t["fiscalYear"]!, kind: .number, value: String(year), required: true),
                .init(name: "region", label: t["region"]!, kind: .select,
                      options: user.region.map { [.init(value: $0.rawValue, label: names.region($0.rawValue), selected: true)] }
                        ?? names.regionOptions(selected: nil, all: t["allRegions"]!)),
                .init(name: "seed", label: t["seed"]!, help: t["seedHelp"])], submit: t["startRound"]!)]), at: 0)
        }
        return await portal.render(sectionsPage(title: "navRounds", heading: t["navRounds"]!, sections: sections), request, context)
    }

    @Sendable func startRound(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        var body: [String: AnyEncodable] = ["fiscalYear": .init(Self.year(form["fiscalYear"]))]
        if let region = form.text("region") { body["region"] = .init(region) }
        if let seed = form.text("seed").flatMap(UInt64.init) { body["seed"] = .init(seed) }
        let answer = try await portal.intake.send(.POST, "/v1/rounds", json: body, idempotencyKey: Portal.idempotencyKey(form), session: session)
        let id = (try? answer.decode(IntakeCommandAnswer.self).id) ?? answer.location.flatMap { $0.split(separator: "/").last.map(String.init) }
        return portal.redirect(id.map { "/rounds/\($0)" } ?? "/rounds", notice: "roundStarted")
    }

    @Sendable func round(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.require(context, .officer, .operator)
        let id = try RequestPages.id(context)
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        let round = try await portal.intake.get("/v1/rounds/\(id)", as: IntakeRound.self, session: session)
        var facts = [Fact(label: t["fiscalYear"]!, value: Format.fiscalYear(round.fiscalYear, language)),
                     Fact(label: t["region"]!, value: round.region.map { names.region($0) } ?? t["allRegions"]!),
                     Fact(label: t["state"]!, value: t["round_\(round.status)"] ?? round.status),
                     Fact(label: t["requestedAt"]!, value: Format.dateTime(round.requestedAt, language))]
        if round.status == "completed" {
            facts += [Fact(label: t["requests"]!, value: Format.number(round.requests ?? 0)),
                      Fact(label: t["proposedCount"]!, value: Format.number(round.proposed ?? 0)),
                      Fact(label: t["waitlisted"]!, value: Format.number(round.waitlisted ?? 0)),
                      Fact(label: t["objective"]!, value: Format.number(round.objective ?? 0)),
                      Fact(label: t["seed"]!, value: round.seed ?? "—")]
        }
        let reasons = (round.waitlistedByReason ?? [:]).sorted { $0.key < $1.key }.map { reason, count -> [Table.Cell] in
            [.init(text: Labels.waitReason(reason, language)), .init(text: Format.number(count), numeric: true)]
        }
        var sections = [Section(heading: t["roundResult"]!, id: "result", note: round.status == "completed" ? nil : t["roundPending"], facts: facts),
                        Section(heading: t["waitlistReasons"]!, id: "reasons", table: Table(
                            caption: t["waitlistReasons"]!, columns: [t["reason"]!, t["count"]!], numericColumns: [1], rows: reasons, empty: t["noneFound"]!))]
        if await portal.intake.capabilities.has("/v1/rounds/{id}/requests") {
            let page = try await portal.intake.get("/v1/rounds/\(id)/requests", [("limit", "100")], as: IntakePage<RoundOutcome>.self, session: session)
            sections.append(Section(heading: t["roundRequests"]!, id: "requests", table: Table(
                caption: t["roundRequests"]!, columns: [t["reference"]!, t["enterprise"]!, t["outcome"]!, t["provider"]!, t["reason"]!],
                rows: page.items.map { item in
                    [.init(text: item.reference, href: "/requests/\(item.requestId.lowercased)"), .init(text: item.enterpriseName ?? "—"),
                     .init(text: t["outcome_\(item.outcome)"] ?? item.outcome), .init(text: item.providerName ?? "—"),
                     .init(text: (language == .th ? item.reasonTH : item.reasonEN) ?? item.reason.map { Labels.waitReason($0, language) } ?? "—")]
                }, empty: t["noneFound"]!)))
        } else {
            sections.append(Section(heading: t["roundRequests"]!, id: "requests", note: t["waitsFor"]!.replacingOccurrences(of: "{addition}", with: "A10")))
        }
        return await portal.render(sectionsPage(title: "roundResult", heading: t["roundResult"]!, sections: sections), request, context)
    }
}

/// One request a round decided (`GET /v1/rounds/{id}/requests`, A10).
struct RoundOutcome: Decodable, Sendable {
    var requestId: UUID
    var reference: String
    var enterpriseName: String?
    var outcome: String
    var providerName: String?
    var reason: String?
    var reasonTH: String?
    var reasonEN: String?
}
