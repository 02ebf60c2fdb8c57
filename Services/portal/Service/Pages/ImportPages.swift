import Domain
import Foundation
import Hummingbird
import NIOHTTP1
import Postgres

/// The CSV import of enterprises or providers: a dry run first (intake's report per row), then the
/// same file for real (kept in `portal.uploads` for 30 minutes, tied to the session).
struct ImportPages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/imports", use: form)
        group.post("/imports", use: upload)
        group.post("/imports/:id", use: commit)
    }

    func formSection(_ t: [String: String]) -> Section {
        Section(heading: t["importFile"]!, id: "upload", note: t["importHelp"], forms: [FormSpec(action: "/imports", fields: [
            .init(name: "kind", label: t["importKind"]!, kind: .select, options: [
                .init(value: "enterprises", label: t["navEnterprises"]!, selected: true), .init(value: "providers", label: t["navProviders"]!)]),
            .init(name: "file", label: t["csvFile"]!, kind: .file, required: true)], submit: t["dryRun"]!, multipart: true)])
    }

    @Sendable func form(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, user) = try portal.require(context, .officer, .operator)
        let t = Labels.table(context.language)
        // A regional officer's file would be refused by intake: say so instead of offering the form.
        let sections = user.region == nil ? [formSection(t)]
            : [Section(heading: t["importFile"]!, id: "upload", note: t["importNationalOnly"])]
        return await portal.render(sectionsPage(title: "navImport", heading: t["navImport"]!, sections: sections), request, context)
    }

    @Sendable func upload(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 17 * 1024 * 1024)
        let kind = form["kind"] == "providers" ? "providers" : "enterprises"
        guard let file = form.files["file"] else { throw HTTPError(.badRequest) }
        let id = UUID()
        try await portal.accounts.pool.execute("""
            INSERT INTO portal.uploads (id, session_id, kind, file_name, content, expires_at)
            VALUES (\(id), \(session.id), \(kind), \(String(file.name.prefix(200))), \(file.content), now() + interval '30 minutes')
            """)
        return try await run(request, context, session: session, upload: id, kind: kind, content: file.content, dryRun: true)
    }

    @Sendable func commit(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, session) = try await portal.form(request, context)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let row = try await portal.accounts.pool.query("""
                SELECT kind, content FROM portal.uploads WHERE id = \(id) AND session_id = \(session.id) AND expires_at > now()
                """).first else { throw HTTPError(.notFound) }
        return try await run(request, context, session: session, upload: id, kind: try row.decode(String.self, column: "kind"),
                             content: try row.decode(Data.self, column: "content"), dryRun: false)
    }

    func run(_ request: Request, _ context: PortalRequestContext, session: Session, upload: UUID, kind: String, content: Data,
             dryRun: Bool) async throws -> Response {
        let t = Labels.table(context.language)
        let answer: IntakeAnswer
        switch try await IntakeClient.outcome(showing: [403, 413, 415, 422], { () async throws(IntakeProblem) in
            try await portal.intake.call(.POST, "/v1/imports/\(kind)", query: [("dryRun", String(dryRun))], body: content,
                                         contentType: "text/csv; charset=utf-8", idempotencyKey: "portal-import-\(upload)-\(dryRun)",
                                         session: session)
        }) {
        case .success(let value):
            answer = value
        case .failure(let problem):
            let detail = ([problem.detail ?? problem.title] + (problem.errors ?? []).map(\.detail)).joined(separator: " · ")
            return await portal.render(sectionsPage(title: "navImport", heading: t["navImport"]!, sections: [formSection(t)],
                                                    status: problem.status, problem: detail), request, context)
        }
        let report = try answer.decode(ImportReport.self)
        let results = report.results.map { result -> [Table.Cell] in
            [.init(text: result.rows.map(String.init).joined(separator: ", ")), .init(text: result.name ?? "—"),
             .init(text: t["outcome_\(result.outcome)"] ?? result.outcome)]
        }
        let problems = report.problems.map { problem -> [Table.Cell] in
            [.init(text: String(problem.row), numeric: true), .init(text: problem.column ?? "—"), .init(text: problem.detail)]
        }
        var sections = [
            Section(heading: dryRun ? t["dryRunReport"]! : t["importReport"]!, id: "summary", facts: [
                Fact(label: t["outcome_created"]!, value: Format.number(report.summary["created"] ?? 0)),
                Fact(label: t["outcome_updated"]!, value: Format.number(report.summary["updated"] ?? 0)),
                Fact(label: t["outcome_unchanged"]!, value: Format.number(report.summary["unchanged"] ?? 0)),
                Fact(label: t["outcome_failed"]!, value: Format.number(report.summary["failed"] ?? 0))]),
            Section(heading: t["importResults"]!, id: "results", table: Table(caption: t["importResults"]!, columns: [t["rows"]!, t["name"]!, t["outcome"]!],
                                                                              rows: results, empty: t["noneFound"]!)),
            Section(heading: t["importProblems"]!, id: "problems", table: Table(caption: t["importProblems"]!, columns: [t["row"]!, t["column"]!, t["problem"]!],
                                                                                numericColumns: [0], rows: problems, empty: t["noProblems"]!))]
        if dryRun {
            sections.insert(Section(heading: t["importNow"]!, id: "commit", note: t["importNowHelp"], forms: [
                FormSpec(action: "/imports/\(upload.lowercased)", fields: [], submit: t["importNow"]!)]), at: 1)
        }
        return await portal.render(sectionsPage(title: "navImport", heading: t["navImport"]!, sections: sections), request, context)
    }
}

/// Intake's import report (`POST /v1/imports/...`).
struct ImportReport: Decodable, Sendable {
    struct Result: Decodable, Sendable {
        var rows: [Int]
        var name: String?
        var outcome: String
    }
    struct Problem: Decodable, Sendable {
        var row: Int
        var column: String?
        var detail: String
    }
    var summary: [String: Int]
    var results: [Result]
    var problems: [Problem]
}
