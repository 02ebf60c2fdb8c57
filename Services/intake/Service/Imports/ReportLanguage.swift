import Foundation

/// The language an import report is written in: Thai unless the caller's `Accept-Language` prefers
/// English (`en`, `en-US`, ...) over Thai.
enum ReportLanguage: String, Sendable, Codable {
    case th
    case en

    /// The language `Accept-Language` asks for (RFC 9110 §12.5.4): the listed language with the
    /// highest `q` of the two we write (ties go to Thai); Thai when neither is listed, for `*`, and
    /// when the header is absent.
    static func preferred(by acceptLanguage: String?) -> ReportLanguage {
        // The same choice as the API's problems make, so a report and a problem never disagree.
        switch Language.preferred(by: acceptLanguage) {
        case .th: .th
        case .en: .en
        }
    }

    /// `thai` or `english`, whichever this language is.
    func pick(_ thai: String, _ english: String) -> String {
        self == .th ? thai : english
    }
}
