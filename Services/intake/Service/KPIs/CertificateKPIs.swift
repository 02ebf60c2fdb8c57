import Contracts
import Domain
import Foundation
import Postgres
import Timestamps

/// The certificate KPIs officers report, per fiscal year (1 October – 30 September, numbered in the
/// Buddhist Era): certificates obtained through the programme per standard, province and region
/// (issues; renewals counted apart; held certificates registered are not obtained), the median days
/// from a request's submission to its certificate's issue date, and the certificates that expire in
/// the next 90 days (as of today, whatever the year).
struct CertificateKPIs: Codable, Sendable {
    /// One group: a standard in a province, in a region, or everywhere.
    struct Row: Codable, Sendable {
        var standard: StandardCode?
        var standardNameTH: String?
        var region: Region?
        var provinceCode: String?
        var provinceNameTH: String?
        var obtained: Int
        var renewals: Int
        var medianDaysToCertificate: Double?
        var expiringWithin90Days: Int
    }

    var fiscalYear: Int
    /// The region the figures are limited to (an officer scoped to a region sees only its own);
    /// absent when they cover the whole country.
    var region: Region?
    /// The province the figures are limited to (`provinceCode=`), absent otherwise.
    var provinceCode: String?
    var from: String
    var until: String
    var asOf: String
    /// Standard × province.
    var rows: [Row]
    /// Standard × region.
    var byRegion: [Row]
    /// Standard, all provinces.
    var byStandard: [Row]
    var total: Row

    static let expiryWindowDays = 90

    /// Reads the figures for `fiscalYear` (expiry as of `today`), of `province` only, or of
    /// `region`'s provinces only, when one is given.
    static func load(fiscalYear: FiscalYear, region: Region?, province: Province? = nil, today: CivilDate,
                     catalogue: StandardCatalogue, pool: PostgresPool) async throws -> CertificateKPIs {
        let provinces = province.map { [$0.isoCode] } ?? region.map(Province.codes(in:))
        struct Obtained { var standard: StandardCode; var province: String; var renewal: Bool; var days: Int? }
        let obtained = try await pool.query("""
            SELECT standard, province_code, renewal, days_to_certificate FROM intake.certificates_obtained
            WHERE fiscal_year = \(fiscalYear.buddhistYear)
              AND (\(provinces)::text[] IS NULL OR province_code = ANY(\(provinces)))
            """).map { row in
            Obtained(standard: try row.decode(StandardCode.self, column: "standard"),
                     province: try row.decode(String.self, column: "province_code"),
                     renewal: try row.decode(Bool.self, column: "renewal"),
                     days: try row.decode(Int?.self, column: "days_to_certificate"))
        }
        let inForce = CertificationState.allCases.filter(\.isInForce).map(\.rawValue)
        let expiring = try await pool.query("""
            SELECT standard, province_code FROM intake.certificates
            WHERE state = ANY(\(inForce)) AND valid_until >= \(today) AND valid_until <= \(today.adding(days: expiryWindowDays))
              AND (\(provinces)::text[] IS NULL OR province_code = ANY(\(provinces)))
            """).map { row in
            (standard: try row.decode(StandardCode.self, column: "standard"),
             province: try row.decode(String.self, column: "province_code"))
        }

        /// Groups by `key` and builds the rows.
        func rows<Key: Hashable>(_ key: (StandardCode, String) -> Key, make: (Key) -> Row) -> [Key: Row] {
            var result: [Key: Row] = [:]
            var days: [Key: [Int]] = [:]
            for item in obtained {
                let k = key(item.standard, item.province)
                var row = result[k] ?? make(k)
                if item.renewal { row.renewals += 1 } else {
                    row.obtained += 1
                    if let d = item.days { days[k, default: []].append(d) }
                }
                result[k] = row
            }
            for item in expiring {
                let k = key(item.standard, item.province)
                var row = result[k] ?? make(k)
                row.expiringWithin90Days += 1
                result[k] = row
            }
            for (k, values) in days { result[k]?.medianDaysToCertificate = KPIStatistics.median(values.map(Double.init)) }
            return result
        }
        func empty(_ standard: StandardCode?, _ region: Region?, _ province: String?) -> Row {
            Row(standard: standard, standardNameTH: standard.map { catalogue[$0].nameTH }, region: region, provinceCode: province,
                provinceNameTH: province.flatMap { Province.withCode($0)?.nameTH }, obtained: 0, renewals: 0,
                medianDaysToCertificate: nil, expiringWithin90Days: 0)
        }
        struct Pair: Hashable { var standard: StandardCode; var place: String }
        let byProvince = rows({ Pair(standard: $0, place: $1) }) {
            empty($0.standard, Province.withCode($0.place)?.region, $0.place)
        }
        let byRegion = rows({ Pair(standard: $0, place: Province.withCode($1)?.region.rawValue ?? "unknown") }) {
            empty($0.standard, Region(rawValue: $0.place), nil)
        }
        let byStandard = rows({ standard, _ in standard }) { empty($0, nil, nil) }
        let total = rows({ _, _ in 0 }) { _ in empty(nil, nil, nil) }[0] ?? empty(nil, nil, nil)
        let order = { (a: Row, b: Row) -> Bool in
            (a.standard?.rawValue ?? "", a.region?.rawValue ?? "", a.provinceCode ?? "")
                < (b.standard?.rawValue ?? "", b.region?.rawValue ?? "", b.provinceCode ?? "")
        }
        let days = KPIStatistics.days(of: fiscalYear)
        return CertificateKPIs(
            fiscalYear: fiscalYear.buddhistYear, region: province?.region ?? region, provinceCode: province?.isoCode, from: days.from,
            until: days.until, asOf: today.description, rows: byProvince.values.sorted(by: order), byRegion: byRegion.values.sorted(by: order),
            byStandard: byStandard.values.sorted(by: order), total: total)
    }

    /// The standard × province rows as CSV (RFC 4180, UTF-8, header first).
    var csv: String {
        KPIStatistics.csv(header: ["fiscal_year", "region", "province_code", "province_name_th", "standard", "standard_name_th",
                                   "obtained", "renewals", "median_days_request_to_certificate", "expiring_within_90_days"],
                          rows: rows.map { row in [
                              "\(fiscalYear)", row.region?.rawValue ?? "", row.provinceCode ?? "", row.provinceNameTH ?? "",
                              row.standard?.rawValue ?? "", row.standardNameTH ?? "", "\(row.obtained)", "\(row.renewals)",
                              KPIStatistics.decimal(row.medianDaysToCertificate, places: 1), "\(row.expiringWithin90Days)",
                          ] })
    }
}
