import Foundation

extension StandardCatalogue {
    /// The keys a standard's entry may have besides its facts.
    private static let otherKeys: Set<String> = ["code", "unconfirmed", "notes"]

    /// Reads a catalogue file: `{"version": n, "standards": [{...}, ...]}` with one entry per
    /// `StandardCode`. Every field is checked; the first problem is thrown naming the standard and
    /// the field.
    public static func parse(_ data: Data, file: String) throws(StandardCatalogueError) -> StandardCatalogue {
        let root = try decodeJSON(data, file: file)
        guard case .object(let top) = root else {
            throw StandardCatalogueError(file: file, problem: "must be a JSON object with 'version' and 'standards'")
        }
        for key in top.keys where !["version", "revised", "about", "standards"].contains(key) {
            throw StandardCatalogueError(file: file, field: key, problem: "is not a field of the catalogue")
        }
        let reader = Self.reader(file: file, standard: nil)
        let version = try reader.int(top["version"], "version", in: 1...10_000)
        guard case .array(let entries)? = top["standards"] else {
            throw StandardCatalogueError(file: file, field: "standards", problem: "must be an array of standards")
        }
        var definitions: [StandardDefinition] = []
        var seen = Set<StandardCode>()
        for (index, entry) in entries.enumerated() {
            guard case .object(let fields) = entry else {
                throw StandardCatalogueError(file: file, field: "standards[\(index)]", problem: "must be an object, found \(entry.kind)")
            }
            guard case .string(let codeText)? = fields["code"] else {
                throw StandardCatalogueError(file: file, field: "standards[\(index)].code", problem: "is required (a standard code)")
            }
            guard let code = StandardCode(rawValue: codeText) else {
                throw StandardCatalogueError(file: file, standard: codeText, field: "code", problem:
                    "is not a known standard; known: \(StandardCode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard seen.insert(code).inserted else {
                throw StandardCatalogueError(file: file, standard: codeText, field: "code", problem: "is listed twice")
            }
            definitions.append(try definition(code, fields, file: file))
        }
        if let missing = StandardCode.allCases.first(where: { !seen.contains($0) }) {
            throw StandardCatalogueError(file: file, standard: missing.rawValue, problem: "is missing from the catalogue")
        }
        return StandardCatalogue(definitions, version: version)
    }

    /// This catalogue with the unconfirmed facts an override file gives:
    /// `{"tcps": {"validityMonths": 48}, ...}`. Only facts the catalogue lists as unconfirmed may be
    /// overridden; the result is checked like a catalogue file. Also returns what was overridden
    /// (`tcps.validityMonths`), for the start-up log.
    public func overriding(with data: Data, file: String) throws(StandardCatalogueError) -> (StandardCatalogue, [String]) {
        guard case .object(let top) = try Self.decodeJSON(data, file: file) else {
            throw StandardCatalogueError(file: file, problem: "must be a JSON object keyed by standard code")
        }
        var result = definitions
        var overridden: [String] = []
        for codeText in top.keys.sorted() {
            guard let code = StandardCode(rawValue: codeText), let base = definitions[code] else {
                throw StandardCatalogueError(file: file, standard: codeText, problem:
                    "is not a known standard; known: \(StandardCode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard case .object(let changes)? = top[codeText] else {
                throw StandardCatalogueError(file: file, standard: codeText, problem: "must be an object of facts to override")
            }
            var merged = Self.fields(of: base)
            for key in changes.keys.sorted() {
                guard let fact = StandardFact(rawValue: key) else {
                    throw StandardCatalogueError(file: file, standard: codeText, field: key, problem:
                        "is not a fact of a standard; facts: \(StandardFact.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard base.unconfirmed.contains(fact) else {
                    throw StandardCatalogueError(file: file, standard: codeText, field: key, problem:
                        "is confirmed by a source and cannot be overridden; unconfirmed facts of \(codeText): "
                            + base.unconfirmed.sorted().map(\.rawValue).joined(separator: ", "))
                }
                merged[key] = changes[key]
                overridden.append("\(codeText).\(key)")
            }
            result[code] = try Self.definition(code, merged, file: file)
        }
        return (StandardCatalogue(Array(result.values), version: version), overridden)
    }

    private static func decodeJSON(_ data: Data, file: String) throws(StandardCatalogueError) -> CatalogueJSON {
        do {
            return try JSONDecoder().decode(CatalogueJSON.self, from: data)
        } catch {
            throw StandardCatalogueError(file: file, problem: "is not valid JSON (\(error))")
        }
    }

    /// One standard's entry, checked field by field.
    private static func definition(_ code: StandardCode, _ fields: [String: CatalogueJSON],
                                   file: String) throws(StandardCatalogueError) -> StandardDefinition {
        let reader = Self.reader(file: file, standard: code.rawValue)
        for key in fields.keys.sorted() where StandardFact(rawValue: key) == nil && !otherKeys.contains(key) {
            throw reader.error(key, "is not a field of a standard; fields: "
                + (StandardFact.allCases.map(\.rawValue) + otherKeys.sorted()).joined(separator: ", "))
        }
        let nameTH = try reader.text(fields["nameTH"], "nameTH")
        let nameEN = try reader.text(fields["nameEN"], "nameEN")
        let issuerTH = try reader.text(fields["issuerTH"], "issuerTH")
        let issuerEN = try reader.text(fields["issuerEN"], "issuerEN")
        let scope = try reader.oneOf(fields["scope"], "scope", as: StandardScope.self)
        let productTypes = try reader.list(fields["productTypes"], "productTypes", as: ProductType.self)
        let steps = try reader.list(fields["steps"], "steps", as: CertificationState.self)
        for step in steps where !CertificationState.reviewSteps.contains(step) {
            throw reader.error("steps", "'\(step.rawValue)' is not a review step; review steps: "
                + CertificationState.reviewSteps.map(\.rawValue).joined(separator: ", "))
        }
        let order = steps.map { CertificationState.reviewSteps.firstIndex(of: $0)! }
        guard order == order.sorted() else {
            throw reader.error("steps", "must follow the generic order "
                + CertificationState.reviewSteps.map(\.rawValue).joined(separator: " → "))
        }
        let validity = try reader.optionalInt(fields, "validityMonths", in: 1...120)
        let surveillance = try reader.optionalInt(fields, "surveillanceMonths", in: 1...120)
        if let validity, let surveillance, surveillance >= validity {
            throw reader.error("surveillanceMonths", "must be shorter than validityMonths (\(validity)), found \(surveillance)")
        }
        let lead = try reader.optionalInt(fields, "renewalLeadDays", in: 1...3650)
        switch (validity, lead) {
        case (nil, .some):
            throw reader.error("renewalLeadDays", "must be null when validityMonths is null (the certificate does not expire)")
        case (.some, nil):
            throw reader.error("renewalLeadDays", "is required (days before expiry) when validityMonths is set")
        case (.some(let months), .some(let days)) where days >= months * 28:
            throw reader.error("renewalLeadDays", "must be shorter than the validity of \(months) months, found \(days) days")
        default:
            break
        }
        let unconfirmed = try reader.list(fields["unconfirmed"] ?? .array([]), "unconfirmed", as: StandardFact.self,
                                          allowEmpty: true)
        if let notes = fields["notes"] {
            guard case .string = notes else { throw reader.error("notes", "must be text, found \(notes.kind)") }
        }
        return StandardDefinition(code: code, nameTH: nameTH, nameEN: nameEN, issuerTH: issuerTH, issuerEN: issuerEN,
                                  scope: scope, productTypes: Set(productTypes), steps: steps, validityMonths: validity,
                                  surveillanceMonths: surveillance, renewalLeadDays: lead, unconfirmed: Set(unconfirmed))
    }

    /// A definition as file fields again (to merge overrides into).
    private static func fields(of definition: StandardDefinition) -> [String: CatalogueJSON] {
        func number(_ value: Int?) -> CatalogueJSON { value.map { .number(Double($0)) } ?? .null }
        return [
            "nameTH": .string(definition.nameTH), "nameEN": .string(definition.nameEN),
            "issuerTH": .string(definition.issuerTH), "issuerEN": .string(definition.issuerEN),
            "scope": .string(definition.scope.rawValue),
            "productTypes": .array(ProductType.allCases.filter(definition.productTypes.contains).map { .string($0.rawValue) }),
            "steps": .array(definition.steps.map { .string($0.rawValue) }),
            "validityMonths": number(definition.validityMonths),
            "surveillanceMonths": number(definition.surveillanceMonths),
            "renewalLeadDays": number(definition.renewalLeadDays),
            "unconfirmed": .array(definition.unconfirmed.sorted().map { .string($0.rawValue) }),
        ]
    }
}

extension StandardCatalogue {
    /// The programme files' field reader, its errors naming the file, the standard and the field.
    fileprivate static func reader(file: String, standard: String?) -> DataEntryReader<StandardCatalogueError> {
        DataEntryReader { field, problem in StandardCatalogueError(file: file, standard: standard, field: field, problem: problem) }
    }
}
