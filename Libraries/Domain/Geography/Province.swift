import Foundation

/// A Thai province (76 provinces plus Bangkok), identified by its ISO 3166-2 code (`TH-50`).
public struct Province: Sendable, Hashable, Codable, Identifiable {
    /// ISO 3166-2:TH code, e.g. `TH-50` for Chiang Mai.
    public let isoCode: String
    /// Thai name, e.g. `เชียงใหม่`.
    public let nameTH: String
    /// English name, e.g. `Chiang Mai`.
    public let nameEN: String
    /// The official (six-region, geographic) region the province belongs to, as `provinces.csv`
    /// gives it. The programme's offices group provinces their own way: see ``region``.
    public let geographicRegion: Region

    public var id: String { isoCode }

    public init(isoCode: String, nameTH: String, nameEN: String, geographicRegion: Region) {
        self.isoCode = isoCode
        self.nameTH = nameTH
        self.nameEN = nameEN
        self.geographicRegion = geographicRegion
    }

    /// The region whose programme office serves the province (`regions.json`, as
    /// ``RegionalStructure/current`` has it): officers' scopes, budgets and KPIs follow it.
    public var region: Region {
        guard let region = RegionalStructure.current.region(ofProvince: isoCode) else {
            preconditionFailure("regions.json serves every province; \(isoCode) has no region")
        }
        return region
    }
}

extension Province {
    /// All 77 provinces, in the order of the bundled `provinces.csv` (by ISO code).
    public static let all: [Province] = {
        guard let url = Bundle.module.url(forResource: "provinces", withExtension: "csv"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            fatalError("Domain: provinces.csv is missing from the Domain resource bundle")
        }
        do {
            return try ProvinceCatalogue.parse(csv: text)
        } catch {
            fatalError("Domain: provinces.csv does not parse: \(error)")
        }
    }()

    private static let byCode: [String: Province] = Dictionary(uniqueKeysWithValues: all.map { ($0.isoCode, $0) })

    /// The province with this ISO code (`TH-50`), or `nil` when there is none.
    public static func withCode(_ isoCode: String) -> Province? {
        byCode[isoCode.uppercased()]
    }

    /// The provinces a region's office serves (``RegionalStructure/current``).
    public static func inRegion(_ region: Region) -> [Province] {
        RegionalStructure.current[region].provinceCodes.compactMap(withCode)
    }

    /// The ISO codes of the provinces of one region (what SQL filters by region take).
    public static func codes(in region: Region) -> [String] {
        RegionalStructure.current[region].provinceCodes
    }
}

/// Parses the provinces table (`iso_code,name_th,name_en,region`).
public enum ProvinceCatalogue {
    /// Why a provinces table was refused.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let line: Int
        public let reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        public var description: String { "provinces.csv line \(line): \(reason)" }
    }

    /// Parses the CSV text (header line first). Names in this table contain no commas or quotes.
    public static func parse(csv: String) throws(ParseError) -> [Province] {
        var result: [Province] = []
        let lines = csv.split(whereSeparator: \.isNewline)
        guard lines.first?.hasPrefix("iso_code,") == true else {
            throw ParseError(line: 1, reason: "expected header iso_code,name_th,name_en,region")
        }
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else {
                throw ParseError(line: index + 1, reason: "expected 4 fields, found \(fields.count)")
            }
            guard let region = Region(rawValue: fields[3]) else {
                throw ParseError(line: index + 1, reason: "unknown region '\(fields[3])'")
            }
            result.append(Province(isoCode: fields[0], nameTH: fields[1], nameEN: fields[2], geographicRegion: region))
        }
        return result
    }
}
