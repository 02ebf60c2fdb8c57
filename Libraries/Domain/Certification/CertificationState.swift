/// Where a certificate (or its application) stands. The generic lifecycle is
/// planned → gap analysis → applied → document review → site inspection → lab testing → committee →
/// certified → surveillance → renewal due → certified again (renewed) | expired | suspended | cancelled;
/// `rejected` may follow any review step and allows a new application.
public enum CertificationState: String, Sendable, Hashable, Codable, CaseIterable {
    case planned
    case gapAnalysis
    case applied
    case documentReview
    case siteInspection
    case labTesting
    case committee
    case certified
    case surveillance
    case renewalDue
    case expired
    case suspended
    case cancelled
    case rejected

    /// The Thai label shown to enterprises and officers.
    public var nameTH: String {
        switch self {
        case .planned: "วางแผน"
        case .gapAnalysis: "วิเคราะห์ช่องว่าง"
        case .applied: "ยื่นคำขอแล้ว"
        case .documentReview: "ตรวจเอกสาร"
        case .siteInspection: "ตรวจสถานที่ผลิต"
        case .labTesting: "ทดสอบในห้องปฏิบัติการ"
        case .committee: "รอคณะกรรมการพิจารณา"
        case .certified: "ได้รับการรับรอง"
        case .surveillance: "ตรวจติดตาม"
        case .renewalDue: "ถึงกำหนดต่ออายุ"
        case .expired: "หมดอายุ"
        case .suspended: "ถูกพักใช้"
        case .cancelled: "ยกเลิก"
        case .rejected: "ไม่ผ่านการพิจารณา"
        }
    }

    /// The English label.
    public var nameEN: String {
        switch self {
        case .planned: "Planned"
        case .gapAnalysis: "Gap analysis"
        case .applied: "Applied"
        case .documentReview: "Document review"
        case .siteInspection: "Site inspection"
        case .labTesting: "Laboratory testing"
        case .committee: "Awaiting the committee"
        case .certified: "Certified"
        case .surveillance: "Surveillance"
        case .renewalDue: "Renewal due"
        case .expired: "Expired"
        case .suspended: "Suspended"
        case .cancelled: "Cancelled"
        case .rejected: "Not approved"
        }
    }

    /// The steps between planning and certification, in generic order.
    public static let reviewSteps: [CertificationState] =
        [.gapAnalysis, .applied, .documentReview, .siteInspection, .labTesting, .committee]

    /// States in which the certificate is in force.
    public var isInForce: Bool { self == .certified || self == .surveillance || self == .renewalDue }

    /// States from which nothing follows.
    public var isTerminal: Bool { self == .cancelled }
}
