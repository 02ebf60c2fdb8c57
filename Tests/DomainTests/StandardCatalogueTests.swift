import Domain
import Foundation
import Testing

@Suite("Standards catalogue file")
struct StandardCatalogueTests {
    static let bundledURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Libraries/Domain/Resources/standards.json")

    /// The bundled file as a mutable JSON object, to break one field at a time.
    func bundledJSON() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: Self.bundledURL)) as! [String: Any]
    }

    func parse(_ object: [String: Any]) throws(StandardCatalogueError) -> StandardCatalogue {
        let data = try! JSONSerialization.data(withJSONObject: object)
        return try StandardCatalogue.parse(data, file: "standards.json")
    }

    func editing(_ code: String, _ change: (inout [String: Any]) -> Void) throws -> [String: Any] {
        var root = try bundledJSON()
        var standards = root["standards"] as! [[String: Any]]
        let index = standards.firstIndex { $0["code"] as? String == code }!
        change(&standards[index])
        root["standards"] = standards
        return root
    }

    @Test("the bundled file describes every standard, with the facts the domain notes confirm")
    func bundled() throws {
        let catalogue = try StandardCatalogue.bundled()
        #expect(catalogue.version >= 3)
        #expect(Set(catalogue.definitions.keys) == Set(StandardCode.allCases))
        // Confirmed by the domain notes: Halal's logo licence runs 2 years, Organic/GAP 1 year with
        // the renewal 6 months ahead, the อย. number never expires, the factory licence renews every 3 years.
        #expect(catalogue[.halal].validityMonths == 24 && !catalogue[.halal].unconfirmed.contains(.validityMonths))
        #expect(catalogue[.organic].validityMonths == 12 && catalogue[.organic].renewalLeadDays == 180)
        #expect(!catalogue[.organic].unconfirmed.contains(.renewalLeadDays))
        #expect(catalogue[.fdaFoodSerial].validityMonths == nil && !catalogue[.fdaFoodSerial].unconfirmed.contains(.validityMonths))
        #expect(catalogue[.fdaFactoryLicence].validityMonths == 36 && catalogue[.fdaFactoryLicence].scope == .premises)
        // Marked unverified in the domain notes: มผช. validity and the cosmetic/herbal validity.
        #expect(catalogue[.tcps].unconfirmed.contains(.validityMonths))
        #expect(catalogue[.cosmeticNotification].unconfirmed.contains(.validityMonths))
        #expect(catalogue[.herbalProductLicence].unconfirmed.contains(.validityMonths))
        // มผช.: application → inspection and sampling → lab test → certificate, surveillance after.
        #expect(catalogue[.tcps].steps == [.gapAnalysis, .applied, .siteInspection, .labTesting])
        #expect(catalogue[.tcps].hasSurveillance)
        #expect(StandardCatalogue.default[.tcps] == catalogue[.tcps])
    }

    @Test("a bad field is refused naming the standard and the field", arguments: [
        ("tcps", "validityMonths", #""many""#, "standard 'tcps', field 'validityMonths'"),
        ("halal", "steps", #"["applied", "gapAnalysis"]"#, "standard 'halal', field 'steps': must follow the generic order"),
        ("gmp", "steps", #"["applied", "certified"]"#, "standard 'gmp', field 'steps': 'certified' is not a review step"),
        ("gap", "productTypes", #"["food", "furniture"]"#, "standard 'gap', field 'productTypes[1]': must be one of"),
        ("tis", "renewalLeadDays", "90", "standard 'tis', field 'renewalLeadDays': must be null when validityMonths is null"),
        ("organic", "surveillanceMonths", "12", "standard 'organic', field 'surveillanceMonths': must be shorter than validityMonths"),
        ("tcps", "nameTH", #""  ""#, "standard 'tcps', field 'nameTH': must not be empty"),
        ("tcps", "validityMonth", "36", "standard 'tcps', field 'validityMonth': is not a field of a standard"),
        ("ghpHaccp", "unconfirmed", #"["validity"]"#, "standard 'ghpHaccp', field 'unconfirmed[0]'"),
        ("halal", "validityMonths", "true", "standard 'halal', field 'validityMonths': must be a whole number"),
    ])
    func badField(code: String, field: String, json: String, message: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let object = try editing(code) { $0[field] = value }
        let error = try #require(throws: StandardCatalogueError.self) { try parse(object) }
        #expect(error.standard == code)
        #expect(error.description.contains(message), "\(error)")
    }

    @Test("a missing field, a missing standard, a twice-listed one and broken JSON are refused")
    func structure() throws {
        let noScope = try editing("halal") { $0.removeValue(forKey: "scope") }
        #expect(throws: StandardCatalogueError(file: "standards.json", standard: "halal", field: "scope",
                                               problem: "must be one of product, premises, found nothing")) { try parse(noScope) }
        var root = try bundledJSON()
        var standards = root["standards"] as! [[String: Any]]
        standards.removeAll { $0["code"] as? String == "gap" }
        root["standards"] = standards
        #expect(throws: StandardCatalogueError(file: "standards.json", standard: "gap", problem: "is missing from the catalogue")) {
            try parse(root)
        }
        standards.append(standards[0])
        root["standards"] = standards
        let twice = try #require(throws: StandardCatalogueError.self) { try parse(root) }
        #expect(twice.description.contains("is listed twice"))
        let broken = try #require(throws: StandardCatalogueError.self) {
            try StandardCatalogue.parse(Data("{\"version\": 2, ".utf8), file: "standards.json")
        }
        #expect(broken.description.hasPrefix("standards.json: is not valid JSON"))
    }

    @Test("overrides change unconfirmed facts only, and are checked like the file")
    func overrides() throws {
        let catalogue = try StandardCatalogue.bundled()
        let (changed, overridden) = try catalogue.overriding(
            with: Data(#"{"tcps": {"validityMonths": 60, "surveillanceMonths": null}, "herbalProductLicence": {"validityMonths": 24}}"#.utf8),
            file: "overrides.json")
        #expect(changed[.tcps].validityMonths == 60)
        #expect(changed[.tcps].surveillanceMonths == nil)
        #expect(changed[.herbalProductLicence].validityMonths == 24)
        #expect(changed[.halal] == catalogue[.halal])
        #expect(overridden == ["herbalProductLicence.validityMonths", "tcps.surveillanceMonths", "tcps.validityMonths"])

        let confirmed = try #require(throws: StandardCatalogueError.self) {
            try catalogue.overriding(with: Data(#"{"halal": {"validityMonths": 12}}"#.utf8), file: "overrides.json")
        }
        #expect(confirmed.standard == "halal" && confirmed.field == "validityMonths")
        #expect(confirmed.description.contains("is confirmed by a source and cannot be overridden"))
        let unknown = try #require(throws: StandardCatalogueError.self) {
            try catalogue.overriding(with: Data(#"{"iso9001": {"validityMonths": 12}}"#.utf8), file: "overrides.json")
        }
        #expect(unknown.standard == "iso9001")
        let inconsistent = try #require(throws: StandardCatalogueError.self) {
            try catalogue.overriding(with: Data(#"{"tcps": {"surveillanceMonths": 48}}"#.utf8), file: "overrides.json")
        }
        #expect(inconsistent.description == "overrides.json: standard 'tcps', field 'surveillanceMonths': must be shorter than validityMonths (36), found 48")
    }
}
