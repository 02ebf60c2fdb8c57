import Foundation

/// The messages of the ministry's read-only role, the reports and the historical import (part of the
/// catalogue in ``Messages``: both languages side by side).
extension Messages {
    static func readOnlyRole(_ role: String, method: String, path: String) -> LocalizedText {
        LocalizedText(th: "บทบาท \(role) อ่านข้อมูลได้อย่างเดียว แก้ไขข้อมูลไม่ได้ (\(method) \(path))",
                      en: "role \(role) reads only and may not change anything (\(method) \(path))")
    }
    static func reportBound(found: String) -> LocalizedText {
        LocalizedText(th: "ต้องเป็นปีงบประมาณ พ.ศ. 2560–2700 เช่น 2568 หรือไตรมาสของปี เช่น 2568Q2 (พบ '\(found)')",
                      en: "must be a Buddhist-Era fiscal year 2560–2700 such as 2568, or one of its quarters such as 2568Q2; found '\(found)'")
    }
    static func reportFromAfterUntil(from: String, until: String) -> LocalizedText {
        LocalizedText(th: "ช่วงเวลาต้องเริ่มไม่หลังวันสิ้นสุด (from \(from) อยู่หลัง until \(until))",
                      en: "the period must not start after it ends: from \(from) is after until \(until)")
    }
}
