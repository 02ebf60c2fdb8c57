import Foundation
import HTTPTypes

/// Why a whole import file was refused before any row was looked at (answered as an RFC 9457
/// problem; row-level problems go into the report instead).
enum ImportFileProblem: Error, Sendable, Equatable {
    /// Nothing, or only blank cells, in the first row.
    case empty
    /// UTF-16 (Excel's "Unicode Text"): not a CSV export.
    case utf16
    /// Bytes that are not UTF-8 (a Windows-874 / TIS-620 export), first in this row.
    case notUTF8(row: Int)
    /// The header is one cell holding another separator: a semicolon- or tab-separated export.
    case separator(found: String)
    /// More rows with values than one import takes.
    case tooManyRows(limit: Int)
    /// Columns the import needs that the header lacks (their field names).
    case missingColumns([String])
    /// The body is not `text/csv`.
    case unsupportedMediaType(found: String?)

    var status: HTTPResponse.Status {
        switch self {
        case .tooManyRows: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        default: .unprocessableContent
        }
    }

    /// The problem answer, in Thai and English (the answer picks by `Accept-Language`, as the
    /// report does).
    func problem(in language: ReportLanguage, columns: ImportColumns) -> Problem {
        let thai = problem(only: .th, columns: columns), english = problem(only: .en, columns: columns)
        var merged = thai
        merged.title.en = english.title.en
        merged.detail?.en = english.detail?.en ?? ""
        for index in merged.errors.indices where index < english.errors.count {
            merged.errors[index].detail.en = english.errors[index].detail.en
        }
        return merged
    }

    /// The problem with its texts in `language` only.
    private func problem(only language: ReportLanguage, columns: ImportColumns) -> Problem {
        let errors: [Problem.FieldError] = switch self {
        case .missingColumns(let fields):
            fields.map { field in
                Problem.FieldError(picked: field, detail: language.pick(
                    "ไม่มีคอลัมน์นี้ในแถวหัวตาราง (ใช้ชื่อหัวคอลัมน์ '\(columns.thaiHeader(field))' หรือ '\(field)')",
                    "the header has no such column (name it '\(columns.thaiHeader(field))' or '\(field)')"))
            }
        default: []
        }
        let title = language.pick("ไม่สามารถนำเข้าไฟล์นี้ได้", "The file cannot be imported"), detail = detail(in: language)
        return Problem(status: status, type: "/problems/import-file-refused", title: LocalizedText(th: title, en: title),
                       detail: LocalizedText(th: detail, en: detail), errors: errors)
    }

    private func detail(in language: ReportLanguage) -> String {
        switch self {
        case .empty:
            language.pick("ไฟล์ว่าง หรือแถวแรกไม่มีหัวคอลัมน์", "the file is empty or its first row holds no column names")
        case .utf16:
            language.pick("ไฟล์เป็น UTF-16 (Unicode Text) ให้บันทึกเป็น CSV UTF-8 (Comma delimited)",
                          "the file is UTF-16 (Unicode Text); save it as CSV UTF-8 (Comma delimited)")
        case .notUTF8(let row):
            language.pick("แถว \(row) มีตัวอักษรที่ไม่ใช่ UTF-8: ใน Excel ให้บันทึกเป็น CSV UTF-8 (Comma delimited); Google Sheets ส่งออกเป็น UTF-8 อยู่แล้ว",
                          "row \(row) holds bytes that are not UTF-8: in Excel save as CSV UTF-8 (Comma delimited); Google Sheets always exports UTF-8")
        case .separator(let found):
            language.pick("คอลัมน์ต้องคั่นด้วยจุลภาค (,) แต่ไฟล์นี้คั่นด้วย '\(found)'",
                          "columns must be separated by commas, this file uses '\(found)'")
        case .tooManyRows(let limit):
            language.pick("ไฟล์หนึ่งนำเข้าได้ไม่เกิน \(limit) แถว ให้แบ่งเป็นหลายไฟล์",
                          "one import takes at most \(limit) rows; split the file")
        case .missingColumns(let fields):
            language.pick("ขาดคอลัมน์ที่จำเป็น: \(fields.joined(separator: ", "))",
                          "required columns are missing: \(fields.joined(separator: ", "))")
        case .unsupportedMediaType(let found):
            language.pick("ส่งไฟล์เป็น text/csv (ได้รับ \(found ?? "ไม่ระบุ"))", "send the file as text/csv (found \(found ?? "none"))")
        }
    }
}

private extension Problem.FieldError {
    /// A body field whose text is in one language only (the two are merged afterwards).
    init(picked field: String, detail: String) {
        self.init(field: field, detail: LocalizedText(th: detail, en: detail))
    }
}
