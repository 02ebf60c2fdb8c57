import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// An import request's CSV body and parameters, read and checked: `text/csv` (UTF-8, up to
/// ``ImportLimits/maxBytes``), `?dryRun=true|false`, the report's language from `Accept-Language`.
struct ImportUpload {
    let table: CSVTable
    let layout: ColumnLayout
    let dryRun: Bool
    let language: ReportLanguage

    static func read(_ request: Request, context: IntakeRequestContext, columns: ImportColumns) async throws -> ImportUpload {
        let language = ReportLanguage.preferred(by: request.headers[.acceptLanguage])
        var dryRun = false
        if let flag = request.uri.queryParameters["dryRun"] {
            switch flag.lowercased() {
            case "true", "1": dryRun = true
            case "false", "0": dryRun = false
            default:
                throw Problem.invalidParameter("dryRun", Messages.oneOf(["true", "false"], found: TextRules.printable(String(flag))))
            }
        }
        do {
            try checkContentType(request.headers[.contentType])
            let bytes: ByteBuffer
            do {
                bytes = try await request.body.collect(upTo: ImportLimits.maxBytes)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                throw Problem(status: .contentTooLarge, type: "/problems/import-file-refused",
                              title: LocalizedText(th: "ไม่สามารถนำเข้าไฟล์นี้ได้", en: "The file cannot be imported"),
                              detail: LocalizedText(th: "ไฟล์ใหญ่เกิน \(ImportLimits.maxBytes >> 20) MiB ให้แบ่งเป็นหลายไฟล์",
                                                    en: "the file is larger than \(ImportLimits.maxBytes >> 20) MiB; split it"),
                              numbers: ["limit": ImportLimits.maxBytes])
            }
            let table = try CSVTable.read(Array(bytes.readableBytesView), maxRows: ImportLimits.maxRows)
            return ImportUpload(table: table, layout: try columns.layout(of: table.header), dryRun: dryRun, language: language)
        } catch let problem as ImportFileProblem {
            throw problem.problem(in: language, columns: columns)
        }
    }

    /// `text/csv`, with `charset=utf-8` or no charset (Excel and Google Sheets send none).
    private static func checkContentType(_ value: String?) throws(ImportFileProblem) {
        guard let value else { throw .unsupportedMediaType(found: nil) }
        let parameters = value.lowercased().split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parameters.first == "text/csv" else { throw .unsupportedMediaType(found: value) }
        for parameter in parameters.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard charset == "utf-8" || charset == "utf8" else { throw .unsupportedMediaType(found: value) }
        }
    }

    /// The report, in the request's language (`Content-Language` says which).
    func answer(_ result: ImportResult, context: IntakeRequestContext) throws -> Response {
        context.logger.info("import finished", metadata: [
            "kind": "\(result.kind.rawValue)", "dry_run": "\(result.dryRun)", "rows": "\(result.rows)",
            "created": "\(result.count(.created))", "updated": "\(result.count(.updated))",
            "unchanged": "\(result.count(.unchanged))", "failed": "\(result.count(.failed))"])
        var response = try JSONResponse.make(.ok, result.report(in: language))
        response.headers[.contentLanguage] = language.rawValue
        return response
    }
}
