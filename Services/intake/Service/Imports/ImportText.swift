import Foundation

/// How import files' texts are compared and cleaned.
enum ImportText {
    private static let ignoredInKeys: Set<Character> = ["_", "-", ".", "/", "(", ")", "'", "\""]

    /// A loose comparison key for closed vocabularies (kinds, product types, provinces):
    /// compatibility-normalised (NFKC, so สระอำ typed as one character or as นิคหิต + สระอา compare
    /// equal, as do full-width letters), lower case, without white space or `_ - . / ( ) ' "`.
    static func key(_ text: String) -> String {
        String(text.precomposedStringWithCompatibilityMapping.lowercased()
            .filter { !$0.isWhitespace && !ignoredInKeys.contains($0) })
    }

    /// White space a header cell may hold anywhere: space, tab, no-break space (copied from web
    /// pages) and the line breaks a wrapped spreadsheet cell exports inside quotes.
    static let headerSpaces: Set<Unicode.Scalar> = [" ", "\t", "\u{00A0}", "\r", "\n"]
    /// Punctuation a header cell may hold anywhere: `_ - . / ( )` and the apostrophe spreadsheets use
    /// to mark a cell as text.
    static let headerPunctuation: Set<Unicode.Scalar> = ["_", "-", ".", "/", "(", ")", "'"]

    /// The comparison key of a header cell, by a rule small enough for the OpenAPI document to state
    /// exactly (``ImportHeaderPattern``), scalar by scalar:
    /// 1. ``headerSpaces`` and ``headerPunctuation`` are dropped wherever they are;
    /// 2. Latin capitals `A-Z` become small letters (no other case mapping);
    /// 3. combining marks next to each other are put in canonical order, so a Thai vowel below and a
    ///    tone mark (`ู` `้`) compare equal typed in either order;
    /// 4. นิคหิต + สระอา (`ํ` `า`) becomes สระอำ (`ำ`), the two ways keyboards type it.
    ///
    /// Keys are compared scalar by scalar, not by `String`'s canonical equivalence.
    static func headerKey(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = text.unicodeScalars.compactMap { scalar in
            if headerSpaces.contains(scalar) || headerPunctuation.contains(scalar) { return nil }
            if ("A"..."Z").contains(scalar) { return Unicode.Scalar(scalar.value + 32) }
            return scalar
        }
        canonicallyOrderMarks(&scalars)
        var key: [Unicode.Scalar] = []
        key.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar == saraAa, key.last == nikhahit {
                key[key.count - 1] = saraAm
            } else {
                key.append(scalar)
            }
        }
        return key
    }

    static let nikhahit: Unicode.Scalar = "\u{0E4D}"
    static let saraAa: Unicode.Scalar = "\u{0E32}"
    static let saraAm: Unicode.Scalar = "\u{0E33}"

    /// Sorts every run of combining marks (canonical combining class above 0) by class, keeping the
    /// order of marks of one class: Unicode's canonical ordering.
    static func canonicallyOrderMarks(_ scalars: inout [Unicode.Scalar]) {
        var start = 0
        while start < scalars.count {
            guard scalars[start].properties.canonicalCombiningClass.rawValue > 0 else {
                start += 1
                continue
            }
            var end = start
            while end < scalars.count, scalars[end].properties.canonicalCombiningClass.rawValue > 0 { end += 1 }
            if end - start > 1 {
                let run = scalars[start..<end].enumerated().sorted {
                    let (left, right) = ($0.element.properties.canonicalCombiningClass.rawValue,
                                         $1.element.properties.canonicalCombiningClass.rawValue)
                    return left != right ? left < right : $0.offset < $1.offset
                }
                scalars.replaceSubrange(start..<end, with: run.map(\.element))
            }
            start = end
        }
    }

    /// `text` trimmed, with every run of white space inside it (line breaks included) made one space.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
