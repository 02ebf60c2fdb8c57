/// The catalogue of standards the tracker follows. `StandardCatalogue.default` holds the facts
/// gathered from Thai FDA, TISI, CICOT and ACFS pages; deployments may load their own.
public struct StandardCatalogue: Sendable {
    public let definitions: [StandardCode: StandardDefinition]

    public init(_ definitions: [StandardDefinition]) {
        self.definitions = Dictionary(definitions.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The definition of `code`. Every `StandardCode` has one in the default catalogue.
    public subscript(code: StandardCode) -> StandardDefinition {
        guard let definition = definitions[code] else {
            preconditionFailure("StandardCatalogue has no definition for \(code.rawValue)")
        }
        return definition
    }

    /// Standards typical for a product type, in catalogue order.
    public func standards(for productType: ProductType) -> [StandardDefinition] {
        StandardCode.allCases.compactMap { definitions[$0] }.filter { $0.productTypes.contains(productType) }
    }

    public static let `default` = StandardCatalogue([
        StandardDefinition(
            code: .fdaFoodSerial, nameTH: "เลขสารบบอาหาร (อย.)", nameEN: "Thai FDA food serial number",
            issuer: "สำนักงานคณะกรรมการอาหารและยา", productTypes: [.food, .beverage],
            steps: [.applied, .documentReview, .committee], validityMonths: nil, hasSurveillance: false),
        StandardDefinition(
            code: .fdaFactoryLicence, nameTH: "ใบอนุญาตผลิตอาหาร (อ.2)", nameEN: "Thai FDA food factory licence",
            issuer: "สำนักงานคณะกรรมการอาหารและยา", productTypes: [.food, .beverage],
            steps: [.applied, .documentReview, .siteInspection], validityMonths: 36, hasSurveillance: false),
        StandardDefinition(
            code: .gmp, nameTH: "หลักเกณฑ์วิธีการที่ดีในการผลิตอาหาร (GMP 420)", nameEN: "Primary GMP / GMP",
            issuer: "สำนักงานคณะกรรมการอาหารและยา", productTypes: [.food, .beverage],
            steps: [.gapAnalysis, .applied, .siteInspection], validityMonths: 36, hasSurveillance: true,
            validityUnverified: true),
        StandardDefinition(
            code: .ghpHaccp, nameTH: "GHPs / HACCP", nameEN: "GHPs / HACCP",
            issuer: "หน่วยรับรองที่ได้รับการรับรองระบบงาน", productTypes: [.food, .beverage],
            steps: [.gapAnalysis, .applied, .documentReview, .siteInspection, .committee],
            validityMonths: 36, hasSurveillance: true),
        StandardDefinition(
            code: .tcps, nameTH: "มาตรฐานผลิตภัณฑ์ชุมชน (มผช.)", nameEN: "Thai Community Product Standard",
            issuer: "สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม (สมอ.) ผ่านสำนักงานอุตสาหกรรมจังหวัด",
            productTypes: Set(ProductType.allCases),
            steps: [.applied, .siteInspection, .labTesting, .committee], validityMonths: 36, hasSurveillance: true,
            validityUnverified: true),
        StandardDefinition(
            code: .tis, nameTH: "มาตรฐานผลิตภัณฑ์อุตสาหกรรม (มอก.)", nameEN: "Thai Industrial Standard",
            issuer: "สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม (สมอ.)", productTypes: [.textile, .household],
            steps: [.applied, .siteInspection, .labTesting, .committee], validityMonths: nil, hasSurveillance: true),
        StandardDefinition(
            code: .halal, nameTH: "ฮาลาล", nameEN: "Halal",
            issuer: "คณะกรรมการกลางอิสลามแห่งประเทศไทย", productTypes: [.food, .beverage, .herbal],
            steps: [.applied, .documentReview, .siteInspection, .committee], validityMonths: 24, hasSurveillance: false),
        StandardDefinition(
            code: .organic, nameTH: "เกษตรอินทรีย์ (Organic Thailand)", nameEN: "Organic Thailand",
            issuer: "กรมวิชาการเกษตร / มกอช.", productTypes: [.food],
            steps: [.applied, .siteInspection, .labTesting, .committee], validityMonths: 12, hasSurveillance: false,
            renewalLeadDays: 180),
        StandardDefinition(
            code: .gap, nameTH: "การปฏิบัติทางการเกษตรที่ดี (GAP)", nameEN: "Good Agricultural Practice",
            issuer: "กรมวิชาการเกษตร / มกอช.", productTypes: [.food],
            steps: [.applied, .siteInspection, .committee], validityMonths: 12, hasSurveillance: false,
            renewalLeadDays: 180),
        StandardDefinition(
            code: .herbalLicence, nameTH: "จดแจ้งเครื่องสำอาง / ใบอนุญาตผลิตภัณฑ์สมุนไพร",
            nameEN: "Cosmetic notification / herbal product licence",
            issuer: "สำนักงานคณะกรรมการอาหารและยา", productTypes: [.herbal],
            steps: [.applied, .documentReview], validityMonths: 36, hasSurveillance: false, validityUnverified: true),
    ])
}
