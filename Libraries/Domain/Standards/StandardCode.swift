/// The product standards and licences an OTOP producer can hold, as the certification tracker
/// knows them. The raw value is the wire form used in events and the API.
public enum StandardCode: String, Sendable, Hashable, CaseIterable {
    /// อย. food serial number (เลขสารบบอาหาร, 13 digits), Thai FDA.
    case fdaFoodSerial
    /// อ.2 food factory licence, Thai FDA; renews every 3 years.
    case fdaFactoryLicence
    /// A food production place below the factory threshold (สถานที่ผลิตอาหารที่ไม่เข้าข่ายโรงงาน),
    /// registered with the provincial public health office.
    case foodPremisesNonFactory
    /// Primary GMP / GMP (MoPH notification 420), Thai FDA.
    case gmp
    /// GHPs / HACCP, accredited certification bodies.
    case ghpHaccp
    /// มผช. Thai Community Product Standard (TCPS), TISI via provincial industry offices.
    case tcps
    /// มอก. Thai Industrial Standard, TISI.
    case tis
    /// Halal, the Central Islamic Council of Thailand (CICOT).
    case halal
    /// Organic Thailand, Department of Agriculture / ACFS.
    case organic
    /// GAP (Good Agricultural Practice), Department of Agriculture / ACFS.
    case gap
    /// Cosmetic notification (จดแจ้งเครื่องสำอาง), Cosmetic Products Act B.E. 2558, Thai FDA.
    case cosmeticNotification
    /// Herbal product licence (ใบอนุญาตผลิตภัณฑ์สมุนไพร), Herbal Products Act B.E. 2562, Thai FDA.
    case herbalProductLicence

    /// Codes the product no longer issues, and the code each is read as. `herbalLicence` was one
    /// entry for the cosmetic notification and the herbal product licence; the steps it had were
    /// the notification's (a document review, no inspection), and most non-food herbal OTOP
    /// products (soaps, shampoos, lotions) are notified cosmetics: it reads as
    /// `cosmeticNotification`. Stored rows were moved by each service's migration 0070 (a
    /// provider's competence in it became both codes); events written before (on the topics, in
    /// dead-letter queues) still decode.
    public static let retired: [String: StandardCode] = ["herbalLicence": .cosmeticNotification]

    /// The standard `code` names: a current code, or a retired one read as its successor.
    public init?(code: String) {
        guard let standard = StandardCode(rawValue: code) ?? Self.retired[code] else { return nil }
        self = standard
    }
}

extension StandardCode: Codable {
    /// Decodes a current code, or a retired one as its successor (``retired``).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let standard = StandardCode(code: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription:
                "unknown standard '\(text)'; standards: \(StandardCode.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        self = standard
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
