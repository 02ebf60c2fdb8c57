/// Random codes from the system's CSPRNG: the 6-digit sign-in code, and the LINE linking code in an
/// alphabet a person reads off a screen and types into LINE without confusing 0/O or 1/I.
enum OneTimeCode {
    /// Six decimal digits, leading zeros kept (`042917`).
    static func digits() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(String(UInt32.random(in: 0..<1_000_000, using: &generator) + 1_000_000).dropFirst())
    }

    /// The letters and digits of linking codes (32: five bits each).
    static let linkAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    /// A linking code's length (32⁶ ≈ a billion codes; single use, 10 minutes).
    static let linkLength = 6

    /// A linking code (`K7Q2MX`).
    static func linkCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<linkLength).map { _ in linkAlphabet[Int.random(in: 0..<linkAlphabet.count, using: &generator)] })
    }

    /// The linking codes a LINE message may hold: words of the message (split at everything but
    /// ASCII letters, digits and `-`, so Thai text around a code does not hide it) that are six characters of the alphabet once hyphens are removed
    /// and letters upper-cased (`k7q-2mx` reads as `K7Q2MX`), and the whole message read the same
    /// way with its spaces removed (`K7Q 2MX`).
    static func linkCodes(in text: String) -> [String] {
        let alphabet = Set(linkAlphabet)
        func normalised(_ part: Substring) -> String? {
            let letters = part.uppercased().filter { $0 != "-" && !$0.isWhitespace }
            guard letters.count == linkLength, letters.allSatisfy(alphabet.contains) else { return nil }
            return letters
        }
        var found: [String] = []
        for word in text.split(whereSeparator: { !(($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-") }) {
            if let code = normalised(word), !found.contains(code) { found.append(code) }
        }
        if let whole = normalised(Substring(text)), !found.contains(whole) { found.append(whole) }
        return found
    }
}
