import Domain
import Foundation
import Postgres

/// What a report can break its figures down by (`by=region`). Each dimension is one entry of
/// ``all``: its name, the SQL giving a coupon's keys on it, and how a key is named for people.
///
/// `keys` is a SQL row source of one column over one coupon of ``ServedReport``'s facts (`f`, with
/// `m.region` its province's region): `(VALUES (...))` for one key, `unnest(...)` for a list. A
/// coupon counts once under each of its keys (a request for two service
/// areas counts under both, so such a breakdown adds up to more than the total). A dimension added
/// to requests later (target group, support type) is its column in the facts and one entry here.
struct ReportDimension: Sendable {
    /// A key as people read it, and where it sorts among the dimension's keys.
    struct Label: Sendable, Equatable {
        var rank: Int
        var th: String
        var en: String
    }

    /// The query parameter's value (`region`).
    let name: String
    /// The coupon's keys on this dimension, as a SQL row source of one text column (fixed at compile time).
    let keys: StaticString
    /// The label of a key; `nil` for a value the dimension does not know (an error in the data).
    let label: @Sendable (String) -> Label?

    /// Every breakdown a report offers.
    static let all: [ReportDimension] = [source, region, province, serviceArea, productType, standard]

    /// The dimension named `name`.
    static func named(_ name: String) -> ReportDimension? {
        all.first { $0.name == name }
    }

    /// Recorded in this system or imported from the ministry's past spreadsheets.
    static let source = ReportDimension(name: "source", keys: "(VALUES (f.source))") { key in
        ReportSource(rawValue: key).map { Label(rank: ReportSource.allCases.firstIndex(of: $0)!, th: $0.nameTH, en: $0.nameEN) }
    }

    /// The region of the coupon's province (Domain's `Province` and `Region`: the query is given the map).
    static let region = ReportDimension(name: "region", keys: "(VALUES (m.region))") { key in
        Region(rawValue: key).map { Label(rank: Region.allCases.firstIndex(of: $0)!, th: $0.nameTH, en: $0.nameEN) }
    }

    static let province = ReportDimension(name: "province", keys: "(VALUES (f.province_code))") { key in
        Province.withCode(key).map { province in
            Label(rank: Province.all.firstIndex(of: province)!, th: province.nameTH, en: province.nameEN)
        }
    }

    static let serviceArea = ReportDimension(name: "serviceArea", keys: "unnest(f.service_areas)") { key in
        ServiceArea(rawValue: key).map { Label(rank: ServiceArea.allCases.firstIndex(of: $0)!, th: $0.nameTH, en: $0.nameEN) }
    }

    static let productType = ReportDimension(name: "productType", keys: "(VALUES (f.product_type))") { key in
        ProductType(rawValue: key).map { Label(rank: ProductType.allCases.firstIndex(of: $0)!, th: $0.nameTH, en: $0.nameEN) }
    }

    /// The standard the coupon aimed at; `none` for work without one.
    static let standard = ReportDimension(name: "standard", keys: "(VALUES (coalesce(f.standard, 'none')))") { key in
        if key == "none" { return Label(rank: StandardCode.allCases.count, th: "ไม่ระบุมาตรฐาน", en: "no standard") }
        return StandardCode(rawValue: key).map { code in
            let definition = StandardCatalogue.default[code]
            return Label(rank: StandardCode.allCases.firstIndex(of: code)!, th: definition.nameTH, en: definition.nameEN)
        }
    }

    /// No breakdown: every coupon under one key (the totals).
    static let none = ReportDimension(name: "none", keys: "(VALUES (NULL::text))") { _ in nil }

    /// The label of `key`, or a decoding error naming the dimension and the value.
    func describe(_ key: String?) throws -> Label {
        guard let key, let label = label(key) else {
            throw PostgresError(code: .decoding, message: "report dimension '\(name)': unknown key '\(key ?? "NULL")'", column: "key")
        }
        return label
    }
}

/// Where a coupon is recorded.
enum ReportSource: String, Sendable, Codable, CaseIterable {
    /// Requested, matched and assigned in this system.
    case live
    /// Imported from the ministry's spreadsheets of past fiscal years (`POST /v1/imports/history`).
    case imported

    var nameTH: String {
        switch self {
        case .live: "ดำเนินการในระบบ"
        case .imported: "ข้อมูลย้อนหลังที่นำเข้า"
        }
    }

    var nameEN: String {
        switch self {
        case .live: "recorded in this system"
        case .imported: "imported history"
        }
    }
}
