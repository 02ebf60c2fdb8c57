/// A 13-digit Thai citizen or juristic-person identification number with a valid check digit.
///
/// The check digit is `(11 - (Σ dᵢ·(14-i) for i in 1...12) mod 11) mod 10`. The number is personal
/// data when it identifies a person: `description` masks it so it cannot leak into logs.
public struct ThaiIdentificationNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Why a string is not a valid identification number.
    public enum ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
        case wrongLength(Int)
        case nonDigit
        case badCheckDigit

        public var description: String {
            switch self {
            case .wrongLength(let n): "must be 13 digits, found \(n)"
            case .nonDigit: "must contain digits only (dashes and spaces are allowed between groups)"
            case .badCheckDigit: "check digit does not match"
            }
        }
    }

    /// The 13 digits, without separators.
    public let digits: String

    /// Validates `text` (separators `-` and spaces are ignored).
    public init(_ text: String) throws(ValidationError) {
        let cleaned = text.filter { $0 != "-" && $0 != " " }
        guard cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .nonDigit }
        guard cleaned.count == 13 else { throw .wrongLength(cleaned.count) }
        let values = cleaned.compactMap { $0.wholeNumberValue }
        guard Self.checkDigit(of: values.prefix(12)) == values[12] else { throw .badCheckDigit }
        self.digits = cleaned
    }

    /// The check digit for the first twelve digits.
    public static func checkDigit(of first12: some Collection<Int>) -> Int {
        var sum = 0
        for (i, d) in first12.enumerated() { sum += d * (13 - i) }
        return (11 - sum % 11) % 10
    }

    /// Masked form safe for logs: `1-2345-xxxxx-xx-x`.
    public var description: String { "\(digits.prefix(1))-\(digits.dropFirst().prefix(4))-xxxxx-xx-x" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "Thai identification number \(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(digits)
    }
}
