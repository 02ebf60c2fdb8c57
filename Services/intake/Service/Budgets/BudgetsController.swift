import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Regional coupon budgets per fiscal year: read by officers (their region's) and operators, set by
/// officers with `PUT` (`If-None-Match: *` the first time, `If-Match` after; a command matching
/// applies: 202, the budget catches up from
/// `budget.updated`, or matching refuses an amount below what is held and committed).
struct BudgetsController: Sendable {
    let budgets: BudgetStore
    let commands: CommandPublisher
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("budgets", use: listBudgets)
        group.get("budgets/:fiscalYear/:region", use: budget)
        group.put("budgets/:fiscalYear/:region", use: setBudget)
    }

    /// `GET /v1/budgets?fiscalYear=`: the year's regional budgets, one per region that has one (at
    /// most six, so one page: no cursor); an officer scoped to a region sees its own only.
    @Sendable func listBudgets(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read coupon budgets")
        var v = Validation()
        let year = v.intParameter(request.uri.queryParameters["fiscalYear"].map(String.init), "fiscalYear", in: 2560...2700,
                                  required: true)
        try v.finish()
        let budgets = try await budgets.budgets(fiscalYear: year!).filter { client.scopedRegion == nil || $0.region == client.scopedRegion }
        return try JSONResponse.make(.ok, ["items": budgets])
    }

    /// `GET /v1/budgets/{fiscalYear}/{region}`: one region's budget with its `ETag` (what
    /// `PUT` compares `If-Match` with).
    @Sendable func budget(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read coupon budgets")
        let (year, region) = try budgetPath(context)
        guard client.scopedRegion == nil || client.scopedRegion == region,
              let (view, version) = try await budgets.budget(fiscalYear: year, region: region) else {
            throw Problem.notFound(.budget, "\(year)/\(region.rawValue)")
        }
        return try JSONResponse.make(.ok, etag: version, view)
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
        try precondition.check(try await budgets.budget(fiscalYear: year, region: region)?.version)
        let command = BudgetSet(fiscalYear: year, region: region, amountBaht: amount, setBy: client.actor, setAt: now())
        let event = try await commands.publish(command, correlation: command.aggregateID, request: nil, summary: [:], now: now())
        context.logger.info("coupon budget set", metadata: ["budget": "\(command.aggregateID)", "amount_baht": "\(amount)"])
        return try JSONResponse.make(.accepted, location: "/v1/budgets/\(year)/\(region.rawValue)",
                                     CommandAnswer(id: command.aggregateID, command: event.type, commandId: event.id))
    }
}
