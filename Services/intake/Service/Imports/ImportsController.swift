import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messaging
import Postgres

/// Bulk import of enterprises and providers from CSV files (docs/api.md, "Bulk import"): the rows
/// that pass are imported and published, the rows that fail are reported by row and column, an
/// enterprise or provider is written whole or not at all, and importing the same file again
/// changes nothing. `?dryRun=true` checks and reports without writing. The same machinery imports
/// the coupons of past fiscal years for the reports (docs/reports.md), kept apart and unpublished.
struct ImportsController: Sendable {
    /// The pool the imports run their own statements on.
    let pool: PostgresPool
    let clock: any WallClock

    /// Registers the import routes on the authenticated `/v1` group.
    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("imports/enterprises", use: importEnterprises)
        group.post("imports/providers", use: importProviders)
        group.post("imports/history", use: importHistory)
    }

    /// A file may name parties anywhere in the country: an officer scoped to one region does not import.
    static func requireWholeCountry(_ client: APIClient) throws(Problem) {
        if client.scopedRegion != nil { throw Problem.forbidden(Messages.importNeedsWholeCountry) }
    }

    @Sendable func importEnterprises(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "import enterprises")
        try Self.requireWholeCountry(client)
        let upload = try await ImportUpload.read(request, context: context, columns: EnterpriseFile.columns)
        let reading = EnterpriseFile.read(upload.table, layout: upload.layout)
        let result = try await EnterpriseImportStore(pool: pool).run(reading, dryRun: upload.dryRun, now: try await clock.now())
        return try upload.answer(result, context: context)
    }

    @Sendable func importProviders(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "import providers")
        try Self.requireWholeCountry(client)
        let upload = try await ImportUpload.read(request, context: context, columns: ProviderFile.columns)
        let reading = ProviderFile.read(upload.table, layout: upload.layout)
        let result = try await ProviderImportStore(pool: pool).run(reading, dryRun: upload.dryRun, now: try await clock.now())
        return try upload.answer(result, context: context)
    }

    @Sendable func importHistory(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "import the programme's history")
        try Self.requireWholeCountry(client)
        let upload = try await ImportUpload.read(request, context: context, columns: HistoryFile.columns)
        let now = try await clock.now()
        let reading = HistoryFile.read(upload.table, layout: upload.layout, currentFiscalYear: FiscalYear.containing(now).buddhistYear)
        let result = try await HistoryImportStore(pool: pool).run(reading, dryRun: upload.dryRun, now: now)
        return try upload.answer(result, context: context)
    }
}
