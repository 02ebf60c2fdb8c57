/// The languages messages are written in: Thai first, English when a contact person chose it.
enum Language: String, Sendable, CaseIterable, Codable {
    case th
    case en

    /// The contact person's `language` (`th` when it is anything else).
    init(contactLanguage: String) {
        self = Language(rawValue: contactLanguage) ?? .th
    }
}
