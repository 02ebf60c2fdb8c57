import Domain
import Foundation
import Hummingbird

/// One page of a list and the link to the next one.
struct Page<Item: Encodable>: Encodable {
    var items: [Item]
    /// The next page's URL (path and query), absent on the last page.
    var next: String?
}

extension Page: Decodable where Item: Decodable {}

/// Where a page starts: the position (creation time, as PostgreSQL writes it, and id) of the last
/// item of the previous page, handed to clients as an opaque token (base64url) they send back as
/// `cursor`. Lists are ordered newest first, by `(created, id)` descending.
struct Cursor: Sendable, Equatable {
    /// The creation time as `timestamptz` text (exact; parsed back by PostgreSQL).
    var position: String
    var id: UUID

    var token: String {
        Data("v1|\(position)|\(id.lowercased)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(position: String, id: UUID) {
        self.position = position
        self.id = id
    }

    /// The cursor in `token`, or `nil` for anything this API did not issue.
    init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 200, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let id = UUID(uuidString: String(parts[2])),
              Self.isTimestampText(parts[1]) else { return nil }
        self.init(position: String(parts[1]), id: id)
    }

    /// `2026-11-29 05:30:00.123456+00`: digits, separators and an offset only (what PostgreSQL writes).
    private static func isTimestampText(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 40 && text.allSatisfy { $0.isASCII && ($0.isNumber || "-:. +".contains($0)) }
    }
}

/// The query of a list route: limit, cursor and filters, validated (422 naming the parameter).
struct ListQuery {
    var limit: Int
    var cursor: Cursor?
    var province: Province?
    var region: Region?
    var productType: ProductType?
    var status: String?
    var fiscalYear: Int?
    var qualified: Bool?
    var role: Role?

    /// The filters a route accepts.
    struct Filters: OptionSet {
        let rawValue: Int
        static let province = Filters(rawValue: 1 << 0)
        static let region = Filters(rawValue: 1 << 1)
        static let productType = Filters(rawValue: 1 << 2)
        static let requestStatus = Filters(rawValue: 1 << 3)
        static let fiscalYear = Filters(rawValue: 1 << 4)
        static let qualified = Filters(rawValue: 1 << 5)
        static let role = Filters(rawValue: 1 << 6)
    }

    static let defaultLimit = 50
    static let maxLimit = 200

    private let path: String
    private let passed: [(String, String)]

    /// Validates the query of `request` (422 naming each bad parameter, the route's own included).
    /// `route` checks the parameters only this route has (reading them with the function it is
    /// given) and returns the valid ones, which the next page's link carries on.
    init(_ request: Request, filters: Filters,
         route: (inout Validation, (String) -> String?) -> [(String, String)] = { _, _ in [] }) throws(Problem) {
        let query = request.uri.queryParameters
        var v = Validation()
        path = request.uri.path
        var passed: [(String, String)] = []
        func text(_ name: String) -> String? { query[name[...]].map(String.init) }
        limit = v.intParameter(text("limit"), "limit", in: 1...Self.maxLimit, required: false) ?? Self.defaultLimit
        if let raw = text("cursor") {
            cursor = Cursor(token: raw)
            if cursor == nil { v.failParameter("cursor", Messages.cursor) }
        }
        if filters.contains(.province) {
            province = v.provinceParameter(text("provinceCode"), "provinceCode")
            if let province { passed.append(("provinceCode", province.isoCode)) }
        }
        if filters.contains(.region) {
            region = v.parameter(text("region"), "region", as: Region.self)
            if let region { passed.append(("region", region.rawValue)) }
        }
        if filters.contains(.productType) {
            productType = v.parameter(text("productType"), "productType", as: ProductType.self)
            if let productType { passed.append(("productType", productType.rawValue)) }
        }
        if filters.contains(.requestStatus) {
            status = v.parameter(text("status"), "status", as: RequestStatus.self)?.rawValue
            if let status { passed.append(("status", status)) }
        }
        if filters.contains(.fiscalYear) {
            fiscalYear = v.intParameter(text("fiscalYear"), "fiscalYear", in: 2500...2700, required: false)
            if let fiscalYear { passed.append(("fiscalYear", String(fiscalYear))) }
        }
        if filters.contains(.qualified) {
            qualified = v.booleanParameter(text("qualified"), "qualified")
            if let qualified { passed.append(("qualified", String(qualified))) }
        }
        if filters.contains(.role) {
            role = v.parameter(text("role"), "role", as: Role.self)
            if let role { passed.append(("role", role.rawValue)) }
        }
        passed += route(&v, text)
        self.passed = passed
        try v.finish()
    }

    /// The page of `rows` (fetched with `limit + 1`): the first `limit` items, and the link to the
    /// next page when there was one more.
    func page<Row, Item: Encodable>(_ rows: [Row], position: (Row) -> Cursor, item: (Row) throws -> Item) rethrows -> Page<Item> {
        let shown = Array(rows.prefix(limit))
        var next: String?
        if rows.count > limit, let last = shown.last {
            var items = passed
            items.append(("limit", String(limit)))
            items.append(("cursor", position(last).token))
            next = path + "?" + items.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
        }
        return Page(items: try shown.map(item), next: next)
    }

    private static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? value
    }
}
