import Domain
import Testing

@Suite("Thai identification numbers")
struct ThaiIdentificationNumberTests {
    @Test("a number with the right check digit is accepted, separators ignored")
    func valid() throws {
        // Σ dᵢ·(14-i) over 123456789012 = 352; (11 - 352 mod 11) mod 10 = 1.
        #expect(ThaiIdentificationNumber.checkDigit(of: [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]) == 1)
        let id = try ThaiIdentificationNumber("1-2345-67890-12-1")
        #expect(id.digits == "1234567890121")
    }

    @Test("wrong check digit, wrong length and letters are refused with the reason",
          arguments: [("1234567890122", ThaiIdentificationNumber.ValidationError.badCheckDigit),
                      ("123456789012", .wrongLength(12)),
                      ("12345678901a1", .nonDigit)])
    func invalid(text: String, expected: ThaiIdentificationNumber.ValidationError) {
        #expect(throws: expected) { try ThaiIdentificationNumber(text) }
    }

    @Test("the description masks the number so it cannot reach a log")
    func masked() throws {
        let id = try ThaiIdentificationNumber("1234567890121")
        #expect("\(id)" == "1-2345-xxxxx-xx-x")
        #expect(!"\(id)".contains("67890"))
    }
}
