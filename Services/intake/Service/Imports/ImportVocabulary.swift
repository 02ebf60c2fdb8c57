import Contracts
import Domain
import Foundation

/// A closed list of values a column takes, written as the API's code (`food`), the Thai name
/// (`อาหาร`) or the English name (`Food`), compared loosely (``ImportText/key(_:)``).
struct Vocabulary<Value: Hashable & Sendable>: Sendable {
    private let byKey: [String: Value]
    /// The accepted values as problems list them: `food (อาหาร)`.
    let accepted: [String]

    init(_ entries: [(value: Value, code: String, names: [String])]) {
        var byKey: [String: Value] = [:]
        for entry in entries {
            for text in [entry.code] + entry.names {
                let key = ImportText.key(text)
                precondition(byKey[key] == nil || byKey[key] == entry.value, "vocabulary word '\(text)' means two values")
                byKey[key] = entry.value
            }
        }
        self.byKey = byKey
        self.accepted = entries.map { entry in entry.names.first.map { "\(entry.code) (\($0))" } ?? entry.code }
    }

    /// The value `text` names, or `nil`.
    func value(_ text: String) -> Value? {
        byKey[ImportText.key(text)]
    }
}

/// The closed lists of the import files.
enum ImportVocabulary {
    static let enterpriseKinds = Vocabulary<EnterpriseKind>([
        (.communityEnterprise, "communityEnterprise", ["วิสาหกิจชุมชน", "community enterprise"]),
        (.singleOwnerProducer, "singleOwnerProducer", ["ผู้ผลิตชุมชนที่เป็นเจ้าของคนเดียว", "เจ้าของคนเดียว",
                                                      "ผู้ผลิตเจ้าของรายเดียว", "single owner", "single-owner producer"]),
        (.sme, "sme", ["ผู้ประกอบการ SME", "วิสาหกิจขนาดกลางและขนาดย่อม", "เอสเอ็มอี"]),
    ])

    static let productTypes = Vocabulary<ProductType>(ProductType.allCases.map { type in
        let extra: [String] = switch type {
        case .food: []
        case .beverage: ["beverage"]
        case .textile: ["ผ้าและเครื่องแต่งกาย", "ผ้า", "เครื่องแต่งกาย", "textiles", "textile and apparel"]
        case .household: ["ของใช้", "ของตกแต่ง", "ของที่ระลึก", "ของใช้ของตกแต่งของที่ระลึก", "household goods"]
        case .herbal: ["สมุนไพร", "herbal products", "non-food herbal"]
        }
        return (type, type.rawValue, [type.nameTH, type.nameEN] + extra)
    })

    static let foodSubgroups = Vocabulary<FoodSubgroup>([
        (.freshProduce, "freshProduce", [FoodSubgroup.freshProduce.nameTH, "fresh produce"]),
        (.primaryProcessed, "primaryProcessed", [FoodSubgroup.primaryProcessed.nameTH, "แปรรูปขั้นต้น", "primary processed"]),
        (.processedFood, "processedFood", [FoodSubgroup.processedFood.nameTH, "processed food"]),
    ])

    static let serviceAreas = Vocabulary<ServiceArea>(ServiceArea.allCases.map { area in
        let extra: [String] = switch area {
        case .rawMaterialQuality: ["คุณภาพวัตถุดิบ", "วัตถุดิบ"]
        case .productionProcess: ["กระบวนการผลิต"]
        case .machineryDesign: ["การออกแบบเครื่องจักร", "เครื่องมือและเครื่องจักร", "เครื่องจักร"]
        case .packagingDesign: ["บรรจุภัณฑ์"]
        case .productInnovation: []
        case .standardsSystem: ["มาตรฐาน"]
        }
        return (area, area.rawValue, [area.nameTH, area.nameEN] + extra)
    })

    static let providerKinds = Vocabulary<ProviderKind>([
        (.university, "university", [ProviderKind.university.nameTH]),
        (.sciencePark, "sciencePark", [ProviderKind.sciencePark.nameTH, "อุทยานวิทยาศาสตร์ภูมิภาค", "science park"]),
        (.institute, "institute", [ProviderKind.institute.nameTH, "สถาบัน", "หน่วยงานรัฐ"]),
        (.technologyClinic, "technologyClinic", [ProviderKind.technologyClinic.nameTH, "technology clinic"]),
        (.privateLab, "privateLab", [ProviderKind.privateLab.nameTH, "private lab", "private laboratory"]),
    ])

    static let standards = Vocabulary<StandardCode>(StandardCode.allCases.map { code in
        let definition = StandardCatalogue.default[code]
        let extra: [String] = switch code {
        case .fdaFoodSerial: ["อย", "เลขสารบบอาหาร", "FDA"]
        case .fdaFactoryLicence: ["อ2", "ใบอนุญาตผลิตอาหาร"]
        case .foodPremisesNonFactory: ["สถานที่ผลิตอาหารที่ไม่เข้าข่ายโรงงาน", "สบ1", "food premises below the factory threshold"]
        case .gmp: ["GMP 420", "Primary GMP"]
        case .ghpHaccp: ["GHP", "GHPs", "HACCP"]
        case .tcps: ["มผช", "TCPS"]
        case .tis: ["มอก", "TIS"]
        case .halal: []
        case .organic: ["เกษตรอินทรีย์", "Organic"]
        case .gap: ["GAP"]
        // The retired code and its old label read as the cosmetic notification (StandardCode.retired).
        case .cosmeticNotification: ["จดแจ้งเครื่องสำอาง", "เครื่องสำอาง", "cosmetic notification", "herbalLicence", "herbal licence",
                                     "จดแจ้งเครื่องสำอาง / ใบอนุญาตผลิตภัณฑ์สมุนไพร"]
        case .herbalProductLicence: ["ใบอนุญาตผลิตภัณฑ์สมุนไพร", "ผลิตภัณฑ์สมุนไพร", "herbal product licence"]
        }
        return (code, code.rawValue, [definition.nameTH, definition.nameEN] + extra)
    })

    static let regions = Vocabulary<Region>(Region.allCases.map { region in
        let extra: [String] = switch region {
        case .north: ["เหนือ"]
        case .northeast: ["ตะวันออกเฉียงเหนือ", "อีสาน", "ภาคอีสาน"]
        case .central: ["กลาง"]
        case .east: ["ตะวันออก"]
        case .west: ["ตะวันตก"]
        case .south: ["ใต้"]
        }
        return (region, region.rawValue, [region.nameTH, region.nameEN] + extra)
    })

    static let channels = Vocabulary<ContactChannel>([
        (.email, "email", ["อีเมล", "อีเมล์", "e-mail"]),
        (.sms, "sms", ["เอสเอ็มเอส", "ข้อความ", "SMS"]),
        (.line, "line", ["ไลน์", "LINE"]),
    ])

    static let languages = Vocabulary<String>([
        ("th", "th", ["ไทย", "ภาษาไทย", "Thai"]),
        ("en", "en", ["อังกฤษ", "ภาษาอังกฤษ", "English"]),
    ])

    static let yesNo = Vocabulary<Bool>([
        (true, "yes", ["ใช่", "ผ่าน", "มี", "y", "true", "1"]),
        (false, "no", ["ไม่", "ไม่ใช่", "ไม่ผ่าน", "ไม่มี", "n", "false", "0"]),
    ])

    private static let provinces: Vocabulary<Province> = Vocabulary(Province.all.map { province in
        var names = [province.nameTH, province.nameEN]
        if province.isoCode == "TH-10" { names += ["กรุงเทพฯ", "กทม", "Krung Thep Maha Nakhon"] }
        return (province, province.isoCode, names)
    })

    /// The province `text` names by ISO code (`TH-50`), Thai name (`เชียงใหม่`, also `จ.เชียงใหม่` or
    /// `จังหวัดเชียงใหม่`) or English name (`Chiang Mai`), from `provinces.csv`.
    static func province(_ text: String) -> Province? {
        if let province = provinces.value(text) { return province }
        for prefix in ["จังหวัด", "จ."] where text.hasPrefix(prefix) {
            return provinces.value(String(text.dropFirst(prefix.count)))
        }
        return nil
    }
}
