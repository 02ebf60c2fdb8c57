import Foundation

/// How import files' texts are compared and cleaned.
enum ImportText {
    private static let ignoredInKeys: Set<Character> = ["_", "-", ".", "/", "(", ")", "'", "\""]

    /// A loose comparison key for headers and closed vocabularies: compatibility-normalised (NFKC,
    /// so สระอำ typed as one character or as นิคหิต + สระอา compare equal, as do full-width
    /// letters), lower case, without white space or `_ - . / ( ) ' "`.
    static func key(_ text: String) -> String {
        String(text.precomposedStringWithCompatibilityMapping.lowercased()
            .filter { !$0.isWhitespace && !ignoredInKeys.contains($0) })
    }

    /// `text` trimmed, with every run of white space inside it (line breaks included) made one space.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
