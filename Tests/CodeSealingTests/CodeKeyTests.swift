import CodeSealing
import Foundation
import Testing

@Suite("Code key")
struct CodeKeyTests {
    @Test("a sealed code opens with the same key for the same id, and only then")
    func sealing() throws {
        let key = CodeKey.random(), id = UUID()
        let sealed = try key.seal("042917", for: id)
        #expect(!sealed.contains("042917"))
        #expect(try key.open(sealed, for: id) == "042917")
        #expect(throws: CodeSealError.doesNotOpen) { try key.open(sealed, for: UUID()) }
        #expect(throws: CodeSealError.doesNotOpen) { try CodeKey.random().open(sealed, for: id) }
        var bytes = try #require(Data(base64Encoded: sealed))
        bytes[bytes.count - 1] ^= 1
        #expect(throws: CodeSealError.doesNotOpen) { try key.open(bytes.base64EncodedString(), for: id) }
        #expect(throws: CodeSealError.malformed) { try key.open("not base64!", for: id) }
        #expect(throws: CodeSealError.malformed) { try key.open("AAAA", for: id) }
    }

    @Test("two seals of one code differ (fresh nonces)")
    func freshNonces() throws {
        let key = CodeKey.random(), id = UUID()
        #expect(try key.seal("123456", for: id) != key.seal("123456", for: id))
    }

    @Test("digests depend on the key, the text and the context")
    func digests() throws {
        let base64 = CodeKey.randomBase64()
        let key = try CodeKey(base64: base64), again = try CodeKey(base64: base64)
        #expect(key.digest("+66812345678", context: "phone") == again.digest("+66812345678", context: "phone"))
        #expect(key.digest("+66812345678", context: "phone") != key.digest("+66812345678", context: "email"))
        #expect(key.digest("+66812345678", context: "phone") != key.digest("+66812345679", context: "phone"))
        #expect(key.digest("1", context: "a") != CodeKey.random().digest("1", context: "a"))
        #expect(key.digest("1", context: "a").count == 32)
        #expect(CodeKey.same(key.digest("x", context: "c"), again.digest("x", context: "c")))
        #expect(!CodeKey.same(key.digest("x", context: "c"), key.digest("y", context: "c")))
        #expect(!CodeKey.same([1, 2], [1, 2, 3]))
    }

    @Test("a configured key must be 32 bytes of base64")
    func configuration() {
        #expect(throws: CodeKeyError.notBase64) { try CodeKey(base64: "not base64!") }
        #expect(throws: CodeKeyError.wrongLength(16)) { try CodeKey(base64: Data(count: 16).base64EncodedString()) }
        #expect(throws: Never.self) { try CodeKey(base64: Data(count: 32).base64EncodedString() + "\n") }
    }
}
