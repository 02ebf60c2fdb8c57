import Foundation

extension RegionalStructure {
    /// The file's name, bundled and in `PROGRAMME_DATA_DIR`.
    public static let fileName = "regions.json"

    /// The fields of one region's entry, and those that may be listed as unverified.
    static let entryFields = ["code", "nameTH", "nameEN", "officeTH", "officeEN", "provinces", "unverified", "notes"]
    static let verifiableFields = ["nameTH", "nameEN", "officeTH", "officeEN", "provinces"]

    /// Reads a regions file: `{"version": n, "regions": [{"code": "north", "nameTH": ...,
    /// "provinces": ["TH-50", ...]}, ...]}` with one entry per ``Region``, every one of the 77
    /// provinces (`provinces.csv`) served by exactly one of them. The first problem is thrown
    /// naming the region and the field (or the province that no region serves).
    public static func parse(_ data: Data, file: String) throws(ProgrammeFileError) -> RegionalStructure {
        let (top, version) = try ProgrammeFile.root(data, file: file, members: ["regions"])
        guard case .array(let entries)? = top["regions"] else {
            throw ProgrammeFileError(file: file, field: "regions", problem: "must be an array of regions, one per region code")
        }
        var offices: [RegionalOffice] = []
        var servedBy: [String: Region] = [:]
        for (index, entry) in entries.enumerated() {
            guard case .object(let fields) = entry else {
                throw ProgrammeFileError(file: file, field: "regions[\(index)]", problem: "must be an object, found \(entry.kind)")
            }
            guard case .string(let codeText)? = fields["code"] else {
                throw ProgrammeFileError(file: file, field: "regions[\(index)].code", problem: "is required (a region code)")
            }
            let reader = ProgrammeFile.reader(file: file, entry: "region '\(codeText)'")
            guard let region = Region(rawValue: codeText) else {
                throw reader.error("code", "is not a region code; codes: \(Region.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !offices.contains(where: { $0.region == region }) else { throw reader.error("code", "is listed twice") }
            try reader.onlyKnown(fields, entryFields, of: "a region")
            guard case .array(let provinceValues)? = fields["provinces"] else {
                throw reader.error("provinces", "must be an array of province ISO codes (TH-50), found \(fields["provinces"]?.kind ?? "nothing")")
            }
            var codes: [String] = []
            for (position, value) in provinceValues.enumerated() {
                let field = "provinces[\(position)]"
                guard case .string(let code) = value, Province.withCode(code)?.isoCode == code else {
                    throw reader.error(field, "must be the ISO code of a province (TH-50), found \(value.kind)")
                }
                if let other = servedBy[code] {
                    throw reader.error(field, "\(code) is served by region '\(other.rawValue)' already; a province has one office")
                }
                servedBy[code] = region
                codes.append(code)
            }
            if let notes = fields["notes"] {
                guard case .string = notes else { throw reader.error("notes", "must be text, found \(notes.kind)") }
            }
            offices.append(RegionalOffice(region: region, nameTH: try reader.text(fields["nameTH"], "nameTH"),
                                          nameEN: try reader.text(fields["nameEN"], "nameEN"),
                                          officeTH: try reader.text(fields["officeTH"], "officeTH"),
                                          officeEN: try reader.text(fields["officeEN"], "officeEN"), provinceCodes: codes,
                                          unverified: try ProgrammeFile.unverified(fields, reader, fields: verifiableFields)))
        }
        if let missing = Region.allCases.first(where: { region in !offices.contains { $0.region == region } }) {
            throw ProgrammeFileError(file: file, entry: "region '\(missing.rawValue)'", problem: "is missing (every region code has an entry; its provinces may be empty)")
        }
        if let unserved = Province.all.first(where: { servedBy[$0.isoCode] == nil }) {
            throw ProgrammeFileError(file: file, field: "regions", problem:
                "no region serves \(unserved.isoCode) (\(unserved.nameEN)); every province has one office")
        }
        return RegionalStructure(offices, version: version)
    }
}
