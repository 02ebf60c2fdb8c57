import Testing
@testable import SMTP

@Suite("RFC 2047 encoded-words")
struct EncodedWordTests {
    static let thaiSubject = "ยืนยันการรับคำขอ OTP-2570-000123"

    @Test("The Thai subject encodes as UTF-8 B-words and decodes back")
    func thaiSubjectRoundTrip() throws {
        let words = EncodedWord.encode(Self.thaiSubject)
        #expect(!words.isEmpty)
        for word in words {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            #expect(word.unicodeScalars.allSatisfy { $0.isASCII })
        }
        let decoded = try #require(MIMEDecoding.decodeHeader(words.joined(separator: " ")))
        #expect(decoded == Self.thaiSubject)
    }

    @Test("A long subject splits into words of at most 75 characters, each whole UTF-8")
    func longSubjectSplits() throws {
        let subject = String(repeating: "แจ้งเตือนใบรับรอง มผช. ใกล้หมดอายุ 🇹🇭 ", count: 12)
        let words = EncodedWord.encode(subject)
        #expect(words.count > 10)
        for word in words {
            #expect(word.count <= 75)
            // Every word decodes on its own: no character is cut between two words.
            #expect(MIMEDecoding.decodeWord(word) != nil)
        }
        #expect(MIMEDecoding.decodeHeader(words.joined(separator: " ")) == subject)
    }

    @Test("Words break between grapheme clusters, so a Thai vowel mark stays with its consonant")
    func breaksBetweenCharacters() throws {
        let text = String(repeating: "กี่", count: 40)  // ก + ี + ่: one character, 9 UTF-8 bytes
        let words = EncodedWord.encode(text)
        for word in words {
            let decoded = try #require(MIMEDecoding.decodeWord(word))
            #expect(decoded.count * 9 == decoded.utf8.count, "word \(word) splits a character")
        }
    }

    @Test("The first word honours a shorter length so it fits beside the header name")
    func firstWordLength() {
        let words = EncodedWord.encode(Self.thaiSubject + Self.thaiSubject, firstLength: 40)
        #expect(words[0].count <= 40)
        #expect(words.dropFirst().allSatisfy { $0.count <= 75 })
    }

    @Test("A character bigger than one word is split between its scalars and still decodes back")
    func oversizedCharacter() throws {
        let zalgo = "a" + String(repeating: "\u{0301}", count: 40)  // one grapheme of 81 bytes
        let words = EncodedWord.encode(zalgo)
        #expect(words.count >= 2)
        #expect(words.allSatisfy { $0.count <= 75 && MIMEDecoding.decodeWord($0) != nil })
        #expect(MIMEDecoding.decodeHeader(words.joined(separator: " ")) == zalgo)
    }
}
