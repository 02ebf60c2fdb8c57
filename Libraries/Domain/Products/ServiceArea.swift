/// The six service areas a science-and-technology coupon pays for.
public enum ServiceArea: String, Sendable, Hashable, Codable, CaseIterable {
    /// การพัฒนาคุณภาพวัตถุดิบ
    case rawMaterialQuality
    /// การออกแบบกระบวนการผลิต
    case productionProcess
    /// การออกแบบเครื่องจักร
    case machineryDesign
    /// การออกแบบบรรจุภัณฑ์
    case packagingDesign
    /// นวัตกรรมผลิตภัณฑ์
    case productInnovation
    /// ระบบมาตรฐาน
    case standardsSystem

    public var nameTH: String {
        switch self {
        case .rawMaterialQuality: "การพัฒนาคุณภาพวัตถุดิบ"
        case .productionProcess: "การออกแบบกระบวนการผลิต"
        case .machineryDesign: "การออกแบบเครื่องมือและเครื่องจักร"
        case .packagingDesign: "การออกแบบบรรจุภัณฑ์"
        case .productInnovation: "นวัตกรรมผลิตภัณฑ์"
        case .standardsSystem: "ระบบมาตรฐาน"
        }
    }

    public var nameEN: String {
        switch self {
        case .rawMaterialQuality: "Raw-material quality"
        case .productionProcess: "Production-process design"
        case .machineryDesign: "Machinery design"
        case .packagingDesign: "Packaging design"
        case .productInnovation: "Product innovation"
        case .standardsSystem: "Standards system"
        }
    }
}
