import Domain

/// What a 404 says was not found, named in both languages (the id or key follows the noun).
public enum MissingResource: Sendable, Equatable {
    case apiClient
    case activeAPIKeyClient
    case budget
    case notificationFailure
    case certificate
    case certificateReport
    case contacts
    case enterprise
    case officer
    case product
    case proposal
    case provider
    case request
    case round
    case standard
    /// The KPIs of a region or province (one a scoped officer may not read).
    case kpis
    /// Anything named by an id in the path that is not even an id.
    case resource
    /// A path no route serves.
    case path
    /// A standard's certificate of an enterprise (looked up by enterprise and standard).
    case certificateOfEnterprise(StandardCode)

    /// The noun in `language`, before the id.
    func noun(in language: Language) -> String {
        switch (self, language) {
        case (.apiClient, .th): "ไคลเอนต์ API"
        case (.apiClient, .en): "API client"
        case (.activeAPIKeyClient, .th): "ไคลเอนต์ API ที่ใช้คีย์และยังไม่ถูกเพิกถอน"
        case (.activeAPIKeyClient, .en): "active API-key client"
        case (.budget, .th): "งบประมาณคูปอง"
        case (.budget, .en): "coupon budget"
        case (.notificationFailure, .th): "ข้อความที่ส่งไม่สำเร็จ"
        case (.notificationFailure, .en): "failed message"
        case (.certificate, .th): "ใบรับรอง"
        case (.certificate, .en): "certificate"
        case (.certificateReport, .th): "รายงานขั้นตอนการรับรอง"
        case (.certificateReport, .en): "certificate report"
        case (.contacts, .th): "ข้อมูลติดต่อของ"
        case (.contacts, .en): "contacts of party"
        case (.enterprise, .th): "วิสาหกิจ"
        case (.enterprise, .en): "enterprise"
        case (.officer, .th): "เจ้าหน้าที่"
        case (.officer, .en): "officer"
        case (.product, .th): "ผลิตภัณฑ์"
        case (.product, .en): "product"
        case (.proposal, .th): "ข้อเสนอจับคู่"
        case (.proposal, .en): "proposal"
        case (.provider, .th): "หน่วยบริการ"
        case (.provider, .en): "provider"
        case (.request, .th): "คำขอ"
        case (.request, .en): "request"
        case (.round, .th): "รอบจัดสรร"
        case (.round, .en): "allocation round"
        case (.standard, .th): "มาตรฐาน"
        case (.kpis, .th): "ตัวชี้วัดของพื้นที่"
        case (.kpis, .en): "KPIs of"
        case (.standard, .en): "standard"
        case (.resource, .th): "ข้อมูล"
        case (.resource, .en): "resource"
        case (.path, .th): "เส้นทาง"
        case (.path, .en): "path"
        case (.certificateOfEnterprise(let code), .th): "ใบรับรอง \(code.rawValue) ของวิสาหกิจ"
        case (.certificateOfEnterprise(let code), .en): "\(code.rawValue) certificate of enterprise"
        }
    }
}
