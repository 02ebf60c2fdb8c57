import Foundation

/// The language an import report is written in: Thai unless the caller's `Accept-Language` prefers
/// English (`en`, `en-US`, ...) over Thai.
enum ReportLanguage: String, Sendable, Codable {
    case th
    case en

    /// The language `Accept-Language` asks for (RFC 9110 §12.5.4): the listed language with the
    /// highest `q` of the two we write (ties go to the one listed first); Thai when neither is listed,
    /// for `*`, and when the header is absent.
    static func preferred(by acceptLanguage: String?) -> ReportLanguage {
        guard let acceptLanguage else { return .th }
        var best: (language: ReportLanguage, quality: Double)?
        for item in acceptLanguage.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased() else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = ReportLanguage(rawValue: primary) else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            guard quality > 0 else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        return best?.language ?? .th
    }

    /// `thai` or `english`, whichever this language is.
    func pick(_ thai: String, _ english: String) -> String {
        self == .th ? thai : english
    }
}
