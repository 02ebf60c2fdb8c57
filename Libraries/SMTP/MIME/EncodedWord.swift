import Foundation

/// RFC 2047 encoded-words in the "B" (base64) encoding with charset UTF-8: `=?UTF-8?B?...?=`.
///
/// Each word is at most 75 characters and holds whole characters only, so that any word can be
/// decoded on its own; adjacent words separated by folding white space decode back to the
/// original text with nothing between them.
enum EncodedWord {
    /// The longest encoded-word RFC 2047 allows.
    static let maximumLength = 75
    /// The characters every word spends on `=?UTF-8?B?` and `?=`.
    static let overhead = 12
    /// The shortest word length the encoder accepts: room for one 4-byte UTF-8 scalar.
    static let minimumLength = overhead + 8

    /// The most UTF-8 bytes a word of at most `length` characters can carry.
    static func capacity(forLength length: Int) -> Int {
        (length - overhead) / 4 * 3
    }

    /// Encodes `text` as encoded-words, the first at most `firstLength` characters long and the
    /// others at most ``maximumLength``. Words break between characters (grapheme clusters); a
    /// character too big for one word on its own breaks between its Unicode scalars.
    static func encode(_ text: String, firstLength: Int = maximumLength) -> [String] {
        let firstCapacity = capacity(forLength: min(max(firstLength, minimumLength), maximumLength))
        let capacity = capacity(forLength: maximumLength)
        var chunks: [[UInt8]] = []
        var current: [UInt8] = []
        var currentCapacity = firstCapacity

        func append(_ bytes: some Collection<UInt8>) {
            if current.count + bytes.count > currentCapacity, !current.isEmpty {
                chunks.append(current)
                current = []
                currentCapacity = capacity
            }
            current.append(contentsOf: bytes)
        }

        for character in text {
            let bytes = Array(character.utf8)
            if bytes.count <= capacity {
                append(bytes)
            } else {
                for scalar in character.unicodeScalars {
                    append(Array(String(scalar).utf8))
                }
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks.map { "=?UTF-8?B?" + Data($0).base64EncodedString() + "?=" }
    }
}
