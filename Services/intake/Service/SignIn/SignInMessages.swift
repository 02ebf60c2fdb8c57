import Foundation

/// The texts of the sign-in and LINE-linking problems, in Thai and English (beside the catalogue in
/// `HTTP/Problems/Messages.swift`, which they extend).
extension Messages {
    static let portalServiceOnly = LocalizedText(
        th: "ไคลเอนต์บริการของพอร์ทัลใช้ได้เฉพาะการขอและตรวจรหัสเข้าสู่ระบบ",
        en: "the portal's service client may only ask for and check sign-in codes")
    static let phoneOrEmail = LocalizedText(th: "ระบุเบอร์โทรศัพท์หรืออีเมลอย่างใดอย่างหนึ่ง", en: "send either phone or email, not both")
    static let ipAddress = LocalizedText(th: "ต้องเป็นที่อยู่ IPv4 หรือ IPv6", en: "must be an IPv4 or IPv6 address")
    static let signInCodeShape = LocalizedText(th: "รหัสต้องเป็นตัวเลข 6 หลัก", en: "must be the 6 digits of the code")
    static let signInOffTitle = LocalizedText(th: "ยังไม่เปิดใช้การเข้าสู่ระบบด้วยรหัส", en: "Sign-in codes are not configured")
    static let signInOff = LocalizedText(th: "ระบบนี้ยังไม่ได้ตั้งค่า SIGNIN_CODE_KEY", en: "this intake has no SIGNIN_CODE_KEY")
    static let lineOff = LocalizedText(th: "ระบบนี้ยังไม่ได้ตั้งค่า LINE_CHANNEL_SECRET", en: "this intake has no LINE_CHANNEL_SECRET")
    static let rateLimitedTitle = LocalizedText(th: "ขอรหัสบ่อยเกินไป", en: "Too many code requests")
    static func rateLimited(seconds: Int) -> LocalizedText {
        LocalizedText(th: "ขอรหัสได้อีกครั้งในอีก \(seconds) วินาที", en: "ask again in \(seconds) seconds")
    }
    static let codeWrongTitle = LocalizedText(th: "รหัสไม่ถูกต้อง", en: "The code is wrong")
    static func codeWrong(attemptsLeft: Int) -> LocalizedText {
        attemptsLeft > 0
            ? LocalizedText(th: "รหัสไม่ถูกต้อง ลองได้อีก \(attemptsLeft) ครั้ง", en: "the code does not match; \(attemptsLeft) tries left")
            : LocalizedText(th: "รหัสไม่ถูกต้อง และครบจำนวนครั้งแล้ว กรุณาขอรหัสใหม่",
                            en: "the code does not match and no tries are left; ask for a new code")
    }
    static let codeSpentTitle = LocalizedText(th: "รหัสใช้ไม่ได้แล้ว", en: "The code can no longer be used")
    static func codeSpent(_ state: SignInCodeState) -> LocalizedText {
        switch state {
        case .unknown: LocalizedText(th: "ไม่พบรหัสนี้ กรุณาขอรหัสใหม่", en: "no such code; ask for a new one")
        case .expired: LocalizedText(th: "รหัสหมดอายุแล้ว (ใช้ได้ 10 นาที) กรุณาขอรหัสใหม่",
                                     en: "the code has expired (codes last 10 minutes); ask for a new one")
        case .used: LocalizedText(th: "รหัสนี้ถูกใช้ไปแล้ว กรุณาขอรหัสใหม่", en: "the code was already used; ask for a new one")
        case .locked: LocalizedText(th: "ใส่รหัสผิดครบ 5 ครั้งแล้ว กรุณาขอรหัสใหม่",
                                    en: "the code was tried 5 times without success; ask for a new one")
        case .contactChanged: LocalizedText(th: "ข้อมูลติดต่อที่ใช้ขอรหัสเปลี่ยนไปแล้ว กรุณาขอรหัสใหม่",
                                            en: "the contact details the code was sent for have changed; ask for a new one")
        }
    }
    static func noContactPerson(_ index: Int) -> LocalizedText {
        LocalizedText(th: "ไม่มีผู้ติดต่อลำดับที่ \(index)", en: "the party has no contact person \(index)")
    }
    static let lineTimestamp = LocalizedText(th: "ต้องเป็นมิลลิวินาทีตั้งแต่ปี 1970 ถึงปี 3000", en: "must be milliseconds since 1970, before the year 3000")
    static let lineSignatureTitle = LocalizedText(th: "ลายเซ็นของ LINE ไม่ถูกต้อง", en: "The LINE signature does not verify")
    static let lineSignature = LocalizedText(th: "X-Line-Signature ไม่ตรงกับเนื้อหาคำขอ",
                                             en: "X-Line-Signature is missing or does not match the body")
}
