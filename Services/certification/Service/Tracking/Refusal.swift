import Domain
import Timestamps

/// Why the tracker refuses a step report or a held certificate, in English (the event's `reason`,
/// logs) and Thai (`reasonTH`, what the reporter reads by default).
struct Refusal: Sendable, Equatable {
    var en: String
    var th: String

    /// The lifecycle's own refusal (a step that does not follow, missing or inconsistent facts).
    init(_ error: CertificationLifecycle.TransitionError) {
        en = error.description
        th = error.descriptionTH
    }

    init(en: String, th: String) {
        self.en = en
        self.th = th
    }

    static func unknownCertificate(_ id: String, enterprise: String) -> Refusal {
        Refusal(en: "no certificate \(id) is tracked for enterprise \(enterprise)",
                th: "ไม่มีใบรับรอง \(id) ที่ติดตามอยู่สำหรับวิสาหกิจ \(enterprise)")
    }

    static func otherStandard(_ id: String, is found: StandardCode, not reported: StandardCode) -> Refusal {
        Refusal(en: "certificate \(id) is for \(found.rawValue), not \(reported.rawValue)",
                th: "ใบรับรอง \(id) เป็นของมาตรฐาน \(found.rawValue) ไม่ใช่ \(reported.rawValue)")
    }

    static func notTracked(_ standard: StandardCode, premises: Bool) -> Refusal {
        Refusal(en: "no \(standard.rawValue) certificate is tracked for this \(premises ? "enterprise" : "product"); "
                    + "a request with this target standard, or a registered held certificate, opens one",
                th: "ยังไม่มีใบรับรอง \(standard.rawValue) ที่ติดตามอยู่สำหรับ\(premises ? "วิสาหกิจ" : "ผลิตภัณฑ์")นี้ "
                    + "คำขอที่ระบุมาตรฐานนี้เป็นเป้าหมาย หรือการลงทะเบียนใบรับรองที่ถืออยู่ จะเปิดการติดตาม")
    }

    static func needsProduct(_ standard: StandardCode) -> Refusal {
        Refusal(en: "\(standard.rawValue) covers a product: name the certificate, or the product (productId or productName)",
                th: "\(standard.rawValue) รับรองรายผลิตภัณฑ์ ระบุใบรับรอง หรือผลิตภัณฑ์ (productId หรือ productName)")
    }

    static func notADate(_ field: String, found: String) -> Refusal {
        Refusal(en: "\(field) must be a date (YYYY-MM-DD), found '\(found)'",
                th: "\(field) ต้องเป็นวันที่รูปแบบ YYYY-MM-DD แต่ได้ '\(found)'")
    }
}
