import Foundation

extension CouponRules {
    /// The file's name, bundled and in `PROGRAMME_DATA_DIR`.
    public static let fileName = "coupons.json"

    /// Reads a coupons file: `{"version": n, "enterpriseSharePercent": {"value": 10, "unverified":
    /// true}, "caps": {"couponsPerEnterprisePerFiscalYear": {"value": 1}}, "serviceAreas":
    /// {"packagingDesign": {"valueBaht": 60000, "unverified": true}, ...}}`: every service area
    /// priced, values positive, the share 0–100 %. The first problem is thrown naming the entry
    /// and the field.
    public static func parse(_ data: Data, file: String) throws(ProgrammeFileError) -> CouponRules {
        let (top, version) = try ProgrammeFile.root(data, file: file, members: ["enterpriseSharePercent", "caps", "serviceAreas"])
        var unverified: [String] = []
        let share = try figure(top["enterpriseSharePercent"], "enterpriseSharePercent", key: "value", in: 0...100, file: file,
                               unverified: &unverified)
        guard case .object(let caps)? = top["caps"] else {
            throw ProgrammeFileError(file: file, field: "caps", problem: "must be an object with couponsPerEnterprisePerFiscalYear")
        }
        try ProgrammeFile.reader(file: file, entry: "caps").onlyKnown(caps, ["couponsPerEnterprisePerFiscalYear"], of: "caps")
        let perYear = try figure(caps["couponsPerEnterprisePerFiscalYear"], "caps.couponsPerEnterprisePerFiscalYear", key: "value",
                                 in: 1...100, file: file, unverified: &unverified)
        guard case .object(let areas)? = top["serviceAreas"] else {
            throw ProgrammeFileError(file: file, field: "serviceAreas", problem: "must be an object keyed by service area")
        }
        var values: [ServiceArea: Int] = [:]
        for key in areas.keys.sorted() {
            guard let area = ServiceArea(rawValue: key) else {
                throw ProgrammeFileError(file: file, entry: "serviceArea '\(key)'", problem:
                    "is not a service area; service areas: \(ServiceArea.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            values[area] = try figure(areas[key], "serviceAreas.\(key)", key: "valueBaht", in: 1...10_000_000, file: file,
                                      unverified: &unverified)
        }
        if let missing = ServiceArea.allCases.first(where: { values[$0] == nil }) {
            throw ProgrammeFileError(file: file, entry: "serviceArea '\(missing.rawValue)'", problem: "is missing (every service area has a value)")
        }
        return CouponRules(version: version, valueBaht: values, enterpriseSharePercent: share, couponsPerEnterprisePerFiscalYear: perYear,
                           unverified: unverified.sorted())
    }

    /// One figure: `{"<key>": n, "unverified": true}`; records its name in `unverified` when so marked.
    private static func figure(_ value: CatalogueJSON?, _ name: String, key: String, in range: ClosedRange<Int>, file: String,
                               unverified: inout [String]) throws(ProgrammeFileError) -> Int {
        let reader = ProgrammeFile.reader(file: file, entry: name)
        guard case .object(let fields)? = value else {
            throw ProgrammeFileError(file: file, entry: name, problem: "must be an object {\"\(key)\": n, \"unverified\": true|false}, found \(value?.kind ?? "nothing")")
        }
        try reader.onlyKnown(fields, [key, "unverified", "notes"], of: name)
        let number = try reader.int(fields[key], key, in: range)
        if try reader.bool(fields["unverified"], "unverified", default: false) { unverified.append(name) }
        return number
    }

    /// The bundled `coupons.json` (DomainTests check it; a broken bundle stops the process).
    public static let bundledDefault: CouponRules = {
        do {
            return try parse(try ProgrammeFile.bundled(fileName), file: fileName)
        } catch {
            fatalError("Domain: \(error)")
        }
    }()
}
