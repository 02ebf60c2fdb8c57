import Domain
import Foundation
import Testing

/// The programme's rules as data (issue 16, point 5): each bundled file parses, says what the
/// programme does, and a bad file is refused naming the file, the entry and the field.
@Suite("Programme data files")
struct ProgrammeDataTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Libraries/Domain/Resources")

    /// A bundled file as a mutable JSON object, to break one field at a time.
    static func json(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: resources.appendingPathComponent(name))) as! [String: Any]
    }

    static func data(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object)
    }

    /// The regions file with `change` applied to the entry of `code`.
    static func regions(_ code: String, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var root = try json("regions.json")
        var entries = root["regions"] as! [[String: Any]]
        change(&entries[entries.firstIndex { $0["code"] as? String == code }!])
        root["regions"] = entries
        return data(root)
    }

    @Test("the bundled regions serve every province once; the north serves the lower north")
    func bundledRegions() throws {
        let structure = RegionalStructure.bundledDefault
        #expect(structure.version >= 1)
        let served = Region.allCases.flatMap { structure[$0].provinceCodes }
        #expect(served.count == 77 && Set(served) == Set(Province.all.map(\.isoCode)))
        // The official six-region grouping puts the lower north in the central region (and Tak in
        // the west); the programme's northern office serves all 17.
        for code in ["TH-60", "TH-61", "TH-62", "TH-63", "TH-64", "TH-65", "TH-66", "TH-67"] {
            #expect(structure.region(ofProvince: code) == .north, "\(code)")
            #expect(Province.withCode(code)?.geographicRegion != .north, "\(code)")
        }
        #expect(structure[.north].provinceCodes.count == 17)
        #expect(structure[.northeast].provinceCodes.count == 20 && structure[.south].provinceCodes.count == 14)
        #expect(Province.withCode("TH-65")?.region == .north && Province.withCode("TH-10")?.region == .central)
        #expect(Region.north.nameTH == "ภาคเหนือ")
        #expect(structure.unverified.contains("north.provinces"))
    }

    @Test("a bad regions file is refused naming the region and the field", arguments: [
        ("north", "provinces", #"["TH-50", "TH-99"]"#, "region 'north', field 'provinces[1]': must be the ISO code of a province"),
        ("central", "provinces", #"["TH-50", "TH-10"]"#, "region 'central', field 'provinces[0]': TH-50 is served by region 'north' already"),
        ("south", "nameTH", #""""#, "region 'south', field 'nameTH': must not be empty"),
        ("east", "office", #""x""#, "region 'east', field 'office': is not a field of a region"),
        ("west", "unverified", #"["population"]"#, "region 'west', field 'unverified[0]': 'population' is not a field"),
    ])
    func badRegions(code: String, field: String, json: String, expected: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let error = try #require(throws: ProgrammeFileError.self) {
            try RegionalStructure.parse(try Self.regions(code) { $0[field] = value }, file: "regions.json")
        }
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test("a regions file missing a province, a region or its version is refused saying which")
    func incompleteRegions() throws {
        let unserved = try #require(throws: ProgrammeFileError.self) {
            try RegionalStructure.parse(try Self.regions("south") { $0["provinces"] = ["TH-80"] }, file: "regions.json")
        }
        #expect(unserved.description.contains("no region serves TH-81 (Krabi)"))
        var root = try Self.json("regions.json")
        root["regions"] = (root["regions"] as! [[String: Any]]).filter { $0["code"] as? String != "west" }
        let missing = try #require(throws: ProgrammeFileError.self) { try RegionalStructure.parse(Self.data(root), file: "regions.json") }
        #expect(missing.entry == "region 'west'")
        root = try Self.json("regions.json")
        root["version"] = nil
        let unversioned = try #require(throws: ProgrammeFileError.self) { try RegionalStructure.parse(Self.data(root), file: "regions.json") }
        #expect(unversioned.field == "version")
    }

    @Test("a region may serve no province: the centre, east and west run as one office")
    func mergedOffices() throws {
        var root = try Self.json("regions.json")
        var entries = root["regions"] as! [[String: Any]]
        let east = entries.first { $0["code"] as? String == "east" }!["provinces"] as! [String]
        let west = entries.first { $0["code"] as? String == "west" }!["provinces"] as! [String]
        for index in entries.indices {
            switch entries[index]["code"] as? String {
            case "central": entries[index]["provinces"] = (entries[index]["provinces"] as! [String]) + east + west
            case "east", "west": entries[index]["provinces"] = [String]()
            default: break
            }
        }
        root["regions"] = entries
        let structure = try RegionalStructure.parse(Self.data(root), file: "regions.json")
        #expect(structure.region(ofProvince: "TH-20") == .central && structure[.east].provinceCodes.isEmpty)
    }

    @Test("provinces follow the structure the task runs under")
    func overrideMovesProvinces() async throws {
        let moved = try RegionalStructure.parse(try Self.regions("north") { entry in
            entry["provinces"] = (entry["provinces"] as! [String]).filter { $0 != "TH-60" }
        }.withCentral(adding: "TH-60"), file: "regions.json")
        #expect(Province.withCode("TH-60")?.region == .north)
        RegionalStructure.$override.withValue(moved) {
            #expect(Province.withCode("TH-60")?.region == .central)
            #expect(Province.codes(in: .central).contains("TH-60") && !Province.codes(in: .north).contains("TH-60"))
        }
        #expect(Province.withCode("TH-60")?.region == .north)
    }

    @Test("the bundled coupons price every service area, with the co-payment and the cap")
    func bundledCoupons() throws {
        let coupons = CouponRules.bundledDefault
        #expect(coupons.version >= 1)
        #expect(Set(coupons.valueBaht.keys) == Set(ServiceArea.allCases))
        #expect(coupons.valueBaht.values.allSatisfy { (50_000...200_000).contains($0) }, "the programme's published range")
        #expect(coupons.value(for: [.packagingDesign, .machineryDesign]) == 200_000)
        #expect(coupons.enterpriseShare(of: 100_000) == 100_000 * coupons.enterpriseSharePercent / 100)
        #expect(coupons.couponsPerEnterprisePerFiscalYear >= 1)
        #expect(coupons.unverified.contains("enterpriseSharePercent") && coupons.unverified.contains("serviceAreas.packagingDesign"))
    }

    @Test("a bad coupons file is refused naming the entry and the field")
    func badCoupons() throws {
        var root = try Self.json("coupons.json")
        var areas = root["serviceAreas"] as! [String: Any]
        areas["packagingDesign"] = ["valueBaht": -5]
        root["serviceAreas"] = areas
        var error = try #require(throws: ProgrammeFileError.self) { try CouponRules.parse(Self.data(root), file: "coupons.json") }
        #expect(error.description == "coupons.json: serviceAreas.packagingDesign, field 'valueBaht': must be a whole number from 1 to 10000000, found the number -5.0")
        areas["packagingDesign"] = nil
        root["serviceAreas"] = areas
        error = try #require(throws: ProgrammeFileError.self) { try CouponRules.parse(Self.data(root), file: "coupons.json") }
        #expect(error.entry == "serviceArea 'packagingDesign'" && error.problem.contains("missing"))
        root = try Self.json("coupons.json")
        root["enterpriseSharePercent"] = ["value": 120]
        error = try #require(throws: ProgrammeFileError.self) { try CouponRules.parse(Self.data(root), file: "coupons.json") }
        #expect(error.entry == "enterpriseSharePercent" && error.field == "value")
        root = try Self.json("coupons.json")
        root["caps"] = [String: Any]()
        error = try #require(throws: ProgrammeFileError.self) { try CouponRules.parse(Self.data(root), file: "coupons.json") }
        #expect(error.entry == "caps.couponsPerEnterprisePerFiscalYear")
    }

    @Test("the programme's names are the article's, the English ones marked unverified")
    func programmeNames() throws {
        let identity = ProgrammeIdentity.bundledDefault
        #expect(identity.nameTH == "โครงการพัฒนาผู้ประกอบการและยกระดับสินค้าโอทอปด้วยวิทยาศาสตร์ เทคโนโลยี และนวัตกรรม")
        #expect(identity.shortNameTH == "คูปองวิทย์เพื่อโอทอป")
        #expect(identity.unverified == ["nameEN", "shortNameEN"])
        var root = try Self.json("programme.json")
        root["shortNameTH"] = "  "
        let error = try #require(throws: ProgrammeFileError.self) { try ProgrammeIdentity.parse(Self.data(root), file: "programme.json") }
        #expect(error.description == "programme.json: field 'shortNameTH': must not be empty")
    }

    @Test("support types: a full coupon is valued by service area, consulting only has its own value and capacity")
    func supportTypes() throws {
        let catalogue = SupportTypeCatalogue.bundledDefault
        #expect(Set(catalogue.definitions.keys) == Set(SupportType.allCases))
        #expect(catalogue[.fullCoupon].valueBaht == nil && catalogue[.fullCoupon].capacityPerProvider == nil)
        #expect(catalogue[.consultingOnly].valueBaht != nil && catalogue[.consultingOnly].capacityPerProvider != nil)
        #expect(catalogue.unverified.contains("consultingOnly.valueBaht"))
        var root = try Self.json("support-types.json")
        var entries = root["supportTypes"] as! [[String: Any]]
        entries[1]["valueBaht"] = NSNull()
        root["supportTypes"] = entries
        var error = try #require(throws: ProgrammeFileError.self) { try SupportTypeCatalogue.parse(Self.data(root), file: "support-types.json") }
        #expect(error.description.hasPrefix("support-types.json: supportType 'consultingOnly', field 'valueBaht': is required"))
        entries[1]["valueBaht"] = 10_000
        entries[0]["valueBaht"] = 50_000
        root["supportTypes"] = entries
        error = try #require(throws: ProgrammeFileError.self) { try SupportTypeCatalogue.parse(Self.data(root), file: "support-types.json") }
        #expect(error.entry == "supportType 'fullCoupon'" && error.field == "valueBaht")
        root["supportTypes"] = [entries[1]]
        error = try #require(throws: ProgrammeFileError.self) { try SupportTypeCatalogue.parse(Self.data(root), file: "support-types.json") }
        #expect(error.entry == "supportType 'fullCoupon'" && error.problem == "is missing from the file")
    }

    @Test("a deployment's folder replaces the files it holds, and a bad or misnamed file names its path")
    func deploymentFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otop-programme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try ProgrammeData.load(folder: folder).replaced.isEmpty)
        let moved = try Self.regions("north") { entry in
            entry["provinces"] = (entry["provinces"] as! [String]).filter { $0 != "TH-60" }
        }.withCentral(adding: "TH-60")
        try moved.write(to: folder.appendingPathComponent("regions.json"))
        let data = try ProgrammeData.load(folder: folder)
        #expect(data.replaced == ["regions.json"] && data.regions.region(ofProvince: "TH-60") == .central)
        #expect(data.coupons == CouponRules.bundledDefault)
        #expect(data.summary["regions"] == "v1 (deployment)" && data.summary["coupons"] == "v1 (bundled)")
        try Data("{".utf8).write(to: folder.appendingPathComponent("coupons.json"))
        let broken = try #require(throws: ProgrammeFileError.self) { try ProgrammeData.load(folder: folder) }
        #expect(broken.file == folder.appendingPathComponent("coupons.json").path && broken.problem.hasPrefix("is not valid JSON"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("coupons.json"))
        try Data("{}".utf8).write(to: folder.appendingPathComponent("region.json"))
        let misnamed = try #require(throws: ProgrammeFileError.self) { try ProgrammeData.load(folder: folder) }
        #expect(misnamed.problem.contains("is not a programme file"))
    }

    @Test("herbalLicence is retired: stored and sent data naming it reads as the cosmetic notification")
    func retiredStandard() throws {
        #expect(StandardCode(rawValue: "herbalLicence") == nil, "the API and the catalogue take current codes only")
        #expect(StandardCode(code: "herbalLicence") == .cosmeticNotification)
        let decoded = try JSONDecoder().decode([StandardCode].self, from: Data(#"["herbalLicence", "tcps"]"#.utf8))
        #expect(decoded == [.cosmeticNotification, .tcps])
        #expect(String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self) == #"["cosmeticNotification","tcps"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(StandardCode.self, from: Data(#""herbal""#.utf8)) }
        let catalogue = StandardCatalogue.default
        #expect(catalogue[.cosmeticNotification].nameTH == "จดแจ้งเครื่องสำอาง")
        #expect(catalogue[.herbalProductLicence].nameTH == "ใบอนุญาตผลิตภัณฑ์สมุนไพร")
        #expect(catalogue[.foodPremisesNonFactory].scope == .premises && !catalogue[.foodPremisesNonFactory].expires)
        #expect(catalogue[.foodPremisesNonFactory].unconfirmed.contains(.validityMonths))
        #expect(catalogue.standards(for: .herbal).map(\.code).contains(.herbalProductLicence))
    }
}

extension Data {
    /// A regions file with `code` added to the central region's provinces.
    func withCentral(adding code: String) throws -> Data {
        var root = try JSONSerialization.jsonObject(with: self) as! [String: Any]
        var entries = root["regions"] as! [[String: Any]]
        let index = entries.firstIndex { $0["code"] as? String == "central" }!
        entries[index]["provinces"] = (entries[index]["provinces"] as! [String]) + [code]
        root["regions"] = entries
        return try JSONSerialization.data(withJSONObject: root)
    }
}
