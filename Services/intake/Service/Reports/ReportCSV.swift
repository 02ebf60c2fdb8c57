import Foundation
import Hummingbird

/// The reports' CSV form: RFC 4180 (``KPIStatistics/csv(header:rows:)``), UTF-8 **with a byte-order
/// mark**, so that Excel on a Thai Windows opens the Thai labels as Thai (without one it reads the
/// file as Windows-874). Sent when the request's `Accept` names `text/csv`.
enum ReportCSV {
    /// Whether the client asked for CSV.
    static func wanted(by request: Request) -> Bool {
        (request.headers[.accept] ?? "").lowercased().contains("text/csv")
    }

    /// The document: a byte-order mark, the header line, then the rows.
    static func document(header: [String], rows: [[String]]) -> String {
        "\u{FEFF}" + KPIStatistics.csv(header: header, rows: rows)
    }

    /// The answer carrying `text` as a download named `file`.
    static func response(_ text: String, file: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A figure's three columns: `name`, `name_live`, `name_imported`.
    static func columns(_ name: String) -> [String] {
        [name, name + "_live", name + "_imported"]
    }

    /// A figure's three cells, in the order of ``columns(_:)``.
    static func cells(_ figure: SourceFigure) -> [String] {
        ["\(figure.total)", "\(figure.live)", "\(figure.imported)"]
    }
}
