import Foundation

/// The programme's support types, read from `support-types.json` (docs/programme-data.md): one
/// entry per ``SupportType`` with its names, value and capacity. Screening, matching, budgets and
/// KPIs read them (issue 16, point 2).
public struct SupportTypeCatalogue: Sendable, Hashable {
    /// The file's `version`.
    public var version: Int
    public var definitions: [SupportType: SupportTypeDefinition]

    public init(_ definitions: [SupportTypeDefinition], version: Int = 0) {
        self.version = version
        self.definitions = Dictionary(definitions.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The definition of `code`. A catalogue read from a file has one for every ``SupportType``.
    public subscript(code: SupportType) -> SupportTypeDefinition {
        guard let definition = definitions[code] else { preconditionFailure("SupportTypeCatalogue has no \(code.rawValue)") }
        return definition
    }

    /// Figures no source confirms, as `type.field`, for the start-up log.
    public var unverified: [String] {
        SupportType.allCases.flatMap { code in (definitions[code]?.unverified ?? []).map { "\(code.rawValue).\($0)" } }
    }

    /// The file's name, bundled and in `PROGRAMME_DATA_DIR`.
    public static let fileName = "support-types.json"
    static let entryFields = ["code", "nameTH", "nameEN", "valueBaht", "capacityPerProvider", "visitDays", "unverified", "notes"]
    static let verifiableFields = ["nameTH", "nameEN", "valueBaht", "capacityPerProvider", "visitDays"]

    /// Reads a support-types file: `{"version": n, "supportTypes": [{"code": "consultingOnly",
    /// "nameTH": ..., "nameEN": ..., "valueBaht": 15000, "capacityPerProvider": 10, "visitDays": 2,
    /// "unverified": [...]}, ...]}` with one entry per ``SupportType``. `valueBaht`,
    /// `capacityPerProvider` and `visitDays` are required, null where the type takes them from the
    /// coupon's service areas or the provider's project; a full coupon has all three null.
    public static func parse(_ data: Data, file: String) throws(ProgrammeFileError) -> SupportTypeCatalogue {
        let (top, version) = try ProgrammeFile.root(data, file: file, members: ["supportTypes"])
        guard case .array(let entries)? = top["supportTypes"] else {
            throw ProgrammeFileError(file: file, field: "supportTypes", problem: "must be an array of support types")
        }
        var definitions: [SupportTypeDefinition] = []
        for (index, entry) in entries.enumerated() {
            guard case .object(let fields) = entry else {
                throw ProgrammeFileError(file: file, field: "supportTypes[\(index)]", problem: "must be an object, found \(entry.kind)")
            }
            guard case .string(let codeText)? = fields["code"] else {
                throw ProgrammeFileError(file: file, field: "supportTypes[\(index)].code", problem: "is required (a support type code)")
            }
            let reader = ProgrammeFile.reader(file: file, entry: "supportType '\(codeText)'")
            guard let code = SupportType(rawValue: codeText) else {
                throw reader.error("code", "is not a support type; support types: \(SupportType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !definitions.contains(where: { $0.code == code }) else { throw reader.error("code", "is listed twice") }
            try reader.onlyKnown(fields, entryFields, of: "a support type")
            let definition = SupportTypeDefinition(
                code: code, nameTH: try reader.text(fields["nameTH"], "nameTH"), nameEN: try reader.text(fields["nameEN"], "nameEN"),
                valueBaht: try reader.optionalInt(fields, "valueBaht", in: 1...10_000_000),
                capacityPerProvider: try reader.optionalInt(fields, "capacityPerProvider", in: 1...10_000),
                visitDays: try reader.optionalInt(fields, "visitDays", in: 1...365),
                unverified: try ProgrammeFile.unverified(fields, reader, fields: verifiableFields))
            if code == .fullCoupon, definition.valueBaht != nil || definition.capacityPerProvider != nil || definition.visitDays != nil {
                throw reader.error(definition.valueBaht != nil ? "valueBaht" : definition.capacityPerProvider != nil ? "capacityPerProvider" : "visitDays",
                                   "must be null for a full coupon (valued by its service areas in coupons.json, carried by the provider's declared capacity, as long as the project)")
            }
            if code == .consultingOnly, definition.valueBaht == nil || definition.capacityPerProvider == nil {
                throw reader.error(definition.valueBaht == nil ? "valueBaht" : "capacityPerProvider",
                                   "is required for consulting only (its own value and capacity)")
            }
            definitions.append(definition)
        }
        if let missing = SupportType.allCases.first(where: { code in !definitions.contains { $0.code == code } }) {
            throw ProgrammeFileError(file: file, entry: "supportType '\(missing.rawValue)'", problem: "is missing from the file")
        }
        return SupportTypeCatalogue(definitions, version: version)
    }

    /// The bundled `support-types.json` (DomainTests check it; a broken bundle stops the process).
    public static let bundledDefault: SupportTypeCatalogue = {
        do {
            return try parse(try ProgrammeFile.bundled(fileName), file: fileName)
        } catch {
            fatalError("Domain: \(error)")
        }
    }()
}
