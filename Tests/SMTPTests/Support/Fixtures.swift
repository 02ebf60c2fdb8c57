import Domain
import Foundation
import SMTP

/// Messages the tests send and render.
enum Fixtures {
    static let thaiSubject = "ยืนยันการรับคำขอ OTP-2570-000123"
    static let thaiBody = """
        เรียน คุณสมชาย ใจดี

        ระบบได้รับคำขอ OTP-2570-000123 ของวิสาหกิจชุมชนบ้านดอน เมื่อวันที่ 25 พฤศจิกายน 2569 แล้ว
        เจ้าหน้าที่จะติดต่อกลับภายใน 7 วันทำการ
        .บรรทัดที่ขึ้นต้นด้วยจุด
        """

    /// A Thai notification to `recipients` (each `name` Thai), with a fresh message id.
    static func thaiMessage(to recipients: [EmailAddress] = [EmailAddress("somchai@example.org", name: "สมชาย ใจดี")],
                            htmlBody: String? = nil,
                            date: Date = Date(timeIntervalSince1970: 1_795_597_506)) -> EmailMessage {
        EmailMessage(
            from: EmailAddress("noreply@otop.local", name: "ระบบ OTOP STI"),
            to: recipients,
            subject: thaiSubject,
            textBody: thaiBody,
            htmlBody: htmlBody,
            messageID: "\(UUID().lowercased)@otop.local",
            date: date,
            extraHeaders: [("X-OTOP-Event-Id", "6f1c2a4e-0b7d-4b8e-9a51-3c2d1e0f9a77")]
        )
    }
}
