import Foundation
import HTTPTypes

/// The languages intake answers in: Thai (the default) and English.
public enum Language: String, Sendable, CaseIterable {
    case th
    case en

    /// The language an `Accept-Language` header prefers (RFC 9110 §12.5.4): the highest `q` among
    /// `th` and `en` (a region such as `en-GB` counts as its language), Thai when the header is
    /// missing, names neither, or gives both the same weight.
    public static func preferred(by header: String?) -> Language {
        guard let header else { return .th }
        var best: (language: Language, weight: Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = Language(rawValue: primary) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0 else { continue }
            if best == nil || weight > best!.weight || (weight == best!.weight && language == .th) {
                best = (language, weight)
            }
        }
        return best?.language ?? .th
    }
}

/// A message in both languages, from the catalogue in ``Messages``; the answer picks one.
public struct LocalizedText: Sendable, Equatable, Hashable {
    public var th: String
    public var en: String

    public init(th: String, en: String) {
        self.th = th
        self.en = en
    }

    /// The text in `language`.
    public func text(in language: Language) -> String {
        switch language {
        case .th: th
        case .en: en
        }
    }
}
