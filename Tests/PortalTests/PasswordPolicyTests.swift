@testable import PortalService
import Testing

@Suite struct PasswordPolicyTests {
    @Test func aLongThaiPhraseIsAccepted() {
        #expect(PasswordPolicy.check("ข้าวเหนียวมะม่วงอร่อย", username: "somchai") == nil)
        #expect(PasswordPolicy.check("mango sticky rice 2570", username: "somchai") == nil)
    }

    @Test func lengthCountsWhatTheReaderSees() {
        // Sixteen code points but nine characters as read (น้ำ, a consonant with its tone mark and vowel, is one): too few.
        #expect(PasswordPolicy.check("น้ำน้ำน้ำพริกแกง", username: "x") == .tooShort)
        #expect(PasswordPolicy.check("น้ำพริกแกงเขียวหวาน", username: "x") == nil)
        #expect(PasswordPolicy.check("กิ่งไม้ดี", username: "x") == .tooShort)
        #expect(PasswordPolicy.check("short", username: "x") == .tooShort)
    }

    @Test func commonPasswordsAndTheUserNameAreRefused() {
        #expect(PasswordPolicy.check("Password123", username: "x") == .common)
        #expect(PasswordPolicy.check("ๅ/-ภถุึคตจ", username: "x") == .common)
        #expect(PasswordPolicy.check("somchai.n is here 2570", username: "somchai.n") == .containsUsername)
        #expect(PasswordPolicy.check("aaaaaaaaaaaa", username: "x") == .repetitive)
        #expect(PasswordPolicy.check("abcdefghijk", username: "x") == .repetitive)
        #expect(PasswordPolicy.check(String(repeating: "long phrase ", count: 12), username: "x") == .tooLong)
    }

    @Test func controlCharactersAreRefused() {
        #expect(PasswordPolicy.check("a perfectly\u{0}long phrase", username: "x") == .controlCharacter)
    }

    @Test func everyRefusalHasATextInBothLanguages() {
        for refusal in [PasswordPolicy.Refusal.tooShort, .tooLong, .common, .containsUsername, .repetitive, .controlCharacter] {
            #expect(Labels.table(.th)[refusal.rawValue] != nil)
            #expect(Labels.table(.en)[refusal.rawValue] != nil)
        }
    }
}
