@testable import Postgres
import Testing

/// The hex text form of `bytea`, without a server.
@Suite("ByteaText")
struct ByteaTextTests {
    @Test("Parses \\x hex, upper and lower case, including the empty value")
    func parse() {
        #expect(ByteaText.parse(#"\x"#) == [])
        #expect(ByteaText.parse(#"\x00ff10"#) == [0, 255, 16])
        #expect(ByteaText.parse(#"\xDEADbeef"#) == [0xde, 0xad, 0xbe, 0xef])
        let all = (0...255).map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(ByteaText.parse(#"\x"# + all) == Array(0...255))
    }

    @Test("Rejects the escape format, odd lengths and non-hex digits", arguments: [
        "", #"\"#, "x00", #"\x0"#, #"\x0g"#, #"\000"#, "abc", #"\x00 "#,
    ])
    func rejects(text: String) {
        #expect(ByteaText.parse(text) == nil)
    }
}
