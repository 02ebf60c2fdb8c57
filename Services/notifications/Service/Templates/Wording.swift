import Contracts
import Domain
import Foundation

/// The few words that come from closed sets (reasons, stages, kinds, channels) and dates, in each
/// language. Everything else a message says is in its template file.
enum Wording {
    /// `25 พฤศจิกายน 2569` in Thai (Buddhist Era, Thai month), `25 November 2026` in English.
    static func date(_ date: Date, _ language: Language) -> String {
        language == .th ? ThaiCalendar.longThaiDate(date) : ThaiCalendar.longEnglishDate(date)
    }

    /// A `YYYY-MM-DD` calendar date (certificate validity, due dates) in words; the text itself when
    /// it is not such a date.
    static func day(_ day: String, _ language: Language) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3,
              let date = ThaiCalendar.gregorian.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12))
        else { return day }
        return Self.date(date, language)
    }

    /// The time of day in Bangkok, 24-hour: `09:51 น.` in Thai, `09:51` in English.
    static func time(_ date: Date, _ language: Language) -> String {
        let parts = ThaiCalendar.gregorian.dateComponents([.hour, .minute], from: date)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return language == .th ? time + " น." : time
    }

    /// Whole baht with thousands separators: `80,000`.
    static func baht(_ amount: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: amount)) ?? "\(amount)"
    }

    static func province(_ code: String, _ language: Language) -> String {
        guard let province = Province.withCode(code) else { return code }
        return language == .th ? province.nameTH : province.nameEN
    }

    static func region(_ region: Region, _ language: Language) -> String {
        language == .th ? region.nameTH : region.nameEN
    }

    static func step(_ state: CertificationState, _ language: Language) -> String {
        guard language == .en else { return state.nameTH }
        switch state {
        case .planned: return "planned"
        case .gapAnalysis: return "gap analysis"
        case .applied: return "application filed"
        case .documentReview: return "document review"
        case .siteInspection: return "site inspection"
        case .labTesting: return "laboratory testing"
        case .committee: return "committee review"
        case .certified: return "certified"
        case .surveillance: return "surveillance audit"
        case .renewalDue: return "renewal due"
        case .expired: return "expired"
        case .suspended: return "suspended"
        case .cancelled: return "cancelled"
        case .rejected: return "rejected"
        }
    }

    static func unmatchedReason(_ reason: String, _ language: Language) -> String {
        switch (reason, language) {
        case ("noProviders", .th): "ยังไม่มีหน่วยงานผู้ให้บริการในระบบ"
        case ("noProviders", .en): "no provider is registered yet"
        case ("allCandidatesFull", .th): "หน่วยงานที่เหมาะสมรับงานเต็มแล้ว"
        case ("allCandidatesFull", .en): "every suitable provider is fully booked"
        case (_, .th): "ยังไม่มีหน่วยงานที่ให้บริการตรงกับคำขอ"
        case (_, .en): "no provider offers what the request needs yet"
        }
    }

    static func withdrawalStage(_ stage: WithdrawalStage, _ language: Language) -> String {
        switch (stage, language) {
        case (.request, .th): "คำขอ"
        case (.request, .en): "the request"
        case (.proposal, .th): "ข้อเสนอ"
        case (.proposal, .en): "the proposal"
        case (.assignment, .th): "การมอบหมายงาน"
        case (.assignment, .en): "the assignment"
        }
    }

    static func actor(_ role: Actor.Role, _ language: Language) -> String {
        switch (role, language) {
        case (.enterprise, .th): "วิสาหกิจ"
        case (.enterprise, .en): "the enterprise"
        case (.provider, .th): "หน่วยงานผู้ให้บริการ"
        case (.provider, .en): "the provider"
        case (.officer, .th), (.operator, .th): "เจ้าหน้าที่โครงการ"
        case (.officer, .en), (.operator, .en): "a programme officer"
        case (.system, .th): "ระบบ"
        case (.system, .en): "the system"
        }
    }

    static func reminderKind(_ kind: ReminderKind, _ language: Language) -> String {
        switch (kind, language) {
        case (.expiry, .th): "ใบรับรองจะหมดอายุ"
        case (.expiry, .en): "the certificate expires"
        case (.surveillance, .th): "ถึงกำหนดตรวจติดตาม"
        case (.surveillance, .en): "a surveillance audit is due"
        }
    }

    static func channel(_ channel: ContactChannel?, _ language: Language) -> String {
        switch (channel, language) {
        case (.email, .th): "อีเมล"
        case (.email, .en): "e-mail"
        case (.sms, _): "SMS"
        case (.line, _): "LINE"
        case (nil, .th): "ไม่มีช่องทางที่ใช้ได้"
        case (nil, .en): "no usable channel"
        }
    }

    static func partyKind(_ kind: PartyKind, _ language: Language) -> String {
        switch (kind, language) {
        case (.enterprise, .th): "วิสาหกิจ"
        case (.enterprise, .en): "enterprise"
        case (.provider, .th): "หน่วยงานผู้ให้บริการ"
        case (.provider, .en): "provider"
        case (.officer, .th): "เจ้าหน้าที่"
        case (.officer, .en): "officer"
        }
    }
}
