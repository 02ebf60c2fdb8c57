import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messaging

/// Regional coupon budgets per fiscal year: read by officers (their region's) and operators, set by
/// officers with `PUT` (`If-None-Match: *` the first time, `If-Match` after; a command matching
/// applies: 202, the budget catches up from
/// `budget.updated`, or matching refuses an amount below what is held and committed).
struct BudgetsController: Sendable {
    let budgets: BudgetStore
    let commands: CommandPublisher
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("budgets", use: listBudgets)
        group.get("budgets/:fiscalYear/:region", use: budget)
        group.get("budgets/:fiscalYear/:region/ledger", use: ledger)
        group.put("budgets/:fiscalYear/:region", use: setBudget)
    }

    /// `GET /v1/budgets?fiscalYear=`: the year's budget of every region, set or not, in the regions'
    /// order (six, so one page: no cursor); an officer scoped to a region sees its own only.
    @Sendable func listBudgets(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read coupon budgets")
        var v = Validation()
        let year = v.intParameter(request.uri.queryParameters["fiscalYear"].map(String.init), "fiscalYear", in: 2560...2700,
                                  required: true)
        try v.finish()
        let regions = client.scopedRegion.map { [$0] } ?? Region.allCases
        let budgets = try await budgets.budgets(fiscalYear: year!, regions: regions).map(\.view)
        return try JSONResponse.make(.ok, ["items": budgets])
    }

    /// `GET /v1/budgets/{fiscalYear}/{region}`: one region's budget with its `ETag` (what `PUT`
    /// compares `If-Match` with; `"0"` before it was set), for every valid year and region.
    @Sendable func budget(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let (year, region) = try visibleBudget(context, client)
        let (view, version) = try await budgets.budget(fiscalYear: year, region: region)
        return try JSONResponse.make(.ok, etag: version, view)
    }

    /// `GET /v1/budgets/{fiscalYear}/{region}/ledger`: every change of the budget, newest first.
    @Sendable func ledger(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let (year, region) = try visibleBudget(context, client)
        let query = try ListQuery(request, filters: [])
        let rows = try await budgets.ledger(fiscalYear: year, region: region, query: query)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.entry.id) }, item: \.entry))
    }

    /// The budget of the path, if `client` may read it (a scoped officer its own region's; 404 otherwise).
    private func visibleBudget(_ context: IntakeRequestContext, _ client: APIClient) throws -> (Int, Region) {
        try client.require(.officer, .operator, to: "read coupon budgets")
        let (year, region) = try budgetPath(context)
        guard client.scopedRegion == nil || client.scopedRegion == region else {
            throw Problem.notFound(.budget, "\(year)/\(region.rawValue)")
        }
        return (year, region)
    }

    /// The fiscal year and region of a budget's path (404 for anything else: no such resource).
    private func budgetPath(_ context: IntakeRequestContext) throws(Problem) -> (Int, Region) {
        let yearText = context.parameters.get("fiscalYear") ?? "", regionText = context.parameters.get("region") ?? ""
        guard let year = Int(yearText), (2560...2700).contains(year), let region = Region(rawValue: regionText) else {
            throw Problem.notFound(.budget, "\(TextRules.printable(yearText))/\(TextRules.printable(regionText))")
        }
        return (year, region)
    }

    /// `PUT /v1/budgets/{fiscalYear}/{region}` (officer; one scoped to a region sets its own): the
    /// first budget of a region and year with `If-None-Match: *`, a change with `If-Match` and the
    /// budget's `ETag` (RFC 9110; ``EntityVersion/creatingOrChanging(by:)``).
    @Sendable func setBudget(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "set coupon budgets")
        let (year, region) = try budgetPath(context)
        if let scope = client.scopedRegion, scope != region { throw Problem.forbidden(Messages.outsideRegion, field: "region") }
        let precondition = try EntityVersion.creatingOrChanging(by: request)
        let amount = try await JSONBody.decode(BudgetBody.self, from: request, context: context).validated()
        // A budget matching has not published yet does not exist for the precondition (its ETag "0" names no version).
        let current = try await budgets.budget(fiscalYear: year, region: region)
        try precondition.check(current.view.set ? current.version : nil)
        let command = BudgetSet(fiscalYear: year, region: region, amountBaht: amount, setBy: client.actor, setAt: try await clock.now())
        let event = try await commands.publish(command, correlation: command.aggregateID, request: nil, summary: [:], now: try await clock.now())
        context.logger.info("coupon budget set", metadata: ["budget": "\(command.aggregateID)", "amount_baht": "\(amount)"])
        return try JSONResponse.make(.accepted, location: "/v1/budgets/\(year)/\(region.rawValue)",
                                     CommandAnswer(id: command.aggregateID, command: event.type, commandId: event.id))
    }
}
