import Foundation
import Hummingbird

/// A posted form: `application/x-www-form-urlencoded` fields, or `multipart/form-data` fields and
/// files (the CSV upload). Repeated fields (checkboxes) keep every value in order.
struct Form: Sendable {
    var fields: [String: [String]] = [:]
    var files: [String: (name: String, content: Data)] = [:]

    subscript(_ name: String) -> String? {
        fields[name]?.first
    }

    /// The trimmed value, `nil` when missing or blank.
    func text(_ name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every non-blank value of a repeated field.
    func all(_ name: String) -> [String] {
        (fields[name] ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Reads the body of `request` (at most `limit` bytes).
    static func read(_ request: Request, context: PortalRequestContext, limit: Int = 1 << 20) async throws -> Form {
        let buffer = try await request.body.collect(upTo: limit)
        let data = Data(buffer.readableBytesView)
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.boundary(type) {
            return Self.multipart(data, boundary: boundary)
        }
        return Form(fields: Self.urlEncoded(String(decoding: data, as: UTF8.self)))
    }

    /// Fields of an URL-encoded string (also a query string).
    static func urlEncoded(_ text: String) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0]), value = parts.count > 1 ? decode(parts[1]) : ""
            fields[name, default: []].append(value)
        }
        return fields
    }

    private static func decode(_ part: Substring) -> String {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
    }

    private static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return String(pair[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Splits a multipart body at its boundary; each part's `name` (and `filename`) from its
    /// Content-Disposition header.
    static func multipart(_ data: Data, boundary: String) -> Form {
        var form = Form()
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [Data] = []
        var searchStart = data.startIndex
        var previous: Data.Index?
        while let range = data.range(of: delimiter, in: searchStart..<data.endIndex) {
            if let start = previous { parts.append(data[start..<range.lowerBound]) }
            previous = range.upperBound
            searchStart = range.upperBound
        }
        for var part in parts {
            if part.starts(with: Data("\r\n".utf8)) { part = part.dropFirst(2) }
            if part.count >= 2, part.suffix(2) == Data("\r\n".utf8) { part = part.dropLast(2) }
            guard let split = part.range(of: headerEnd) else { continue }
            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            let body = Data(part[split.upperBound...])
            var name: String?, filename: String?
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition") {
                for item in line.split(separator: ";").dropFirst() {
                    let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                    guard pair.count == 2 else { continue }
                    let value = String(pair[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if pair[0] == "name" { name = value } else if pair[0] == "filename" { filename = value }
                }
            }
            guard let name else { continue }
            if let filename {
                form.files[name] = (filename, body)
            } else {
                form.fields[name, default: []].append(String(decoding: body, as: UTF8.self))
            }
        }
        return form
    }
}
