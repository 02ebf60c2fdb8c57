import Foundation
import Hummingbird

/// A table as a CSV download: UTF-8 with a byte-order mark (so Excel shows Thai), RFC 4180 quoting,
/// CRLF line ends.
struct CSVFile {
    var name: String
    var header: [String]
    var rows: [[String]]

    var data: Data {
        var text = "\u{FEFF}"
        for line in [header] + rows {
            text += line.map(Self.quote).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    static func quote(_ cell: String) -> String {
        cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    var response: Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                        .contentDisposition: "attachment; filename=\"\(name)\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
