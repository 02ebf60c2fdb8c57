import Domain
import Foundation

/// Numbers, money and dates as Thai readers expect them: thousands separators, Buddhist-Era years,
/// Bangkok time; English pages get Common-Era dates.
enum Format {
    /// `1,234,567`.
    static func number(_ value: Int) -> String {
        let negative = value < 0
        var digits = String(value.magnitude)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return (negative ? "-" : "") + groups.joined(separator: ",")
    }

    /// `12.5` with at most `decimals` decimals and thousands separators.
    static func decimal(_ value: Double, decimals: Int = 1) -> String {
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        let whole = Int(rounded.rounded(.towardZero))
        let fraction = abs(rounded - Double(whole))
        let fractionDigits = Int((fraction * scale).rounded())
        let sign = rounded < 0 && whole == 0 ? "-" : ""
        return fractionDigits == 0 ? sign + number(whole)
            : sign + number(whole) + "." + String(String(fractionDigits).leftPadded(to: decimals).reversed().drop { $0 == "0" }.reversed())
    }

    /// A share `0.732` as `73.2%`.
    static func percent(_ share: Double) -> String { decimal(share * 100) + "%" }

    /// A Thai number as people write it (`+66812345678` → `081-234-5678`, a Bangkok line
    /// `+6621234567` → `02-123-4567`); any other text as it is.
    static func phone(_ text: String) -> String {
        guard text.hasPrefix("+66"), text.dropFirst(3).allSatisfy(\.isASCII), text.dropFirst(3).allSatisfy(\.isNumber) else { return text }
        let national = Array("0" + text.dropFirst(3))
        switch national.count {
        case 10: return String(national[0..<3]) + "-" + String(national[3..<6]) + "-" + String(national[6...])
        case 9: return String(national[0..<2]) + "-" + String(national[2..<5]) + "-" + String(national[5...])
        default: return text
        }
    }

    static let thaiMonths = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    static let thaiMonthsLong = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                                 "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
    static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `25 พ.ย. 2569` / `25 Nov 2026` (Bangkok date).
    static func date(_ date: Date, _ language: Language) -> String {
        let parts = ThaiCalendar.gregorian.dateComponents([.year, .month, .day], from: date)
        return civil(year: parts.year!, month: parts.month!, day: parts.day!, language)
    }

    /// `25 พ.ย. 2569 14:05` / `25 Nov 2026 14:05`.
    static func dateTime(_ date: Date, _ language: Language) -> String {
        let parts = ThaiCalendar.gregorian.dateComponents([.hour, .minute], from: date)
        return Self.date(date, language) + " " + String(format: "%02d:%02d", parts.hour!, parts.minute!)
    }

    /// A `YYYY-MM-DD` date as intake writes it, shown like ``date(_:_:)``.
    static func day(_ text: String?, _ language: Language) -> String? {
        guard let text else { return nil }
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return text }
        return civil(year: parts[0], month: parts[1], day: parts[2], language)
    }

    static func civil(year: Int, month: Int, day: Int, _ language: Language) -> String {
        switch language {
        case .th: "\(day) \(thaiMonths[month - 1]) \(year + 543)"
        case .en: "\(day) \(englishMonths[month - 1]) \(year)"
        }
    }

    /// A month `2026-10` as `ต.ค. 69` / `Oct 2026` (chart labels).
    static func month(_ text: String, _ language: Language) -> String {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]) else { return text }
        switch language {
        case .th: return "\(thaiMonths[parts[1] - 1]) \(String((parts[0] + 543) % 100).leftPadded(to: 2))"
        case .en: return "\(englishMonths[parts[1] - 1]) \(parts[0])"
        }
    }

    /// The fiscal year as readers name it: `ปีงบประมาณ 2570` / `FY 2570 (2026–27)`.
    static func fiscalYear(_ year: Int, _ language: Language) -> String {
        switch language {
        case .th: "ปีงบประมาณ \(year)"
        case .en: "FY \(year) (\(year - 544)–\(String(year - 543).suffix(2)))"
        }
    }

    /// The current fiscal year (Buddhist Era).
    static func currentFiscalYear(now: Date = Date()) -> Int {
        FiscalYear.containing(now).buddhistYear
    }
}

extension String {
    /// Left-padded with zeros to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
