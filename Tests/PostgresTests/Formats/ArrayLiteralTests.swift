@testable import Postgres
import Testing

/// The text form of one-dimensional arrays, without a server.
@Suite("ArrayLiteral")
struct ArrayLiteralTests {
    @Test("Formats every element double-quoted, escaping quotes and backslashes")
    func format() {
        #expect(ArrayLiteral.format([]) == "{}")
        #expect(ArrayLiteral.format([""]) == #"{""}"#)
        #expect(ArrayLiteral.format(["a", "b c", "NULL"]) == #"{"a","b c","NULL"}"#)
        #expect(ArrayLiteral.format([#"say "hi""#, #"back\slash"#]) == #"{"say \"hi\"","back\\slash"}"#)
    }

    @Test("Parses what PostgreSQL prints", arguments: [
        ("{}", []),
        ("{a,b,c}", ["a", "b", "c"]),
        (#"{"a,b","c d",""}"#, ["a,b", "c d", ""]),
        (#"{"NULL",null}"#, ["NULL", "null"]),
        (#"{"say \"hi\"","back\\slash","{braces}"}"#, [#"say "hi""#, #"back\slash"#, "{braces}"]),
        ("{1,-2,9223372036854775807}", ["1", "-2", "9223372036854775807"]),
        ("[0:1]={x,y}", ["x", "y"]),
        ("{ไทย,\"ขนม 🍡\"}", ["ไทย", "ขนม 🍡"]),
    ])
    func parse(text: String, elements: [String]) {
        #expect(ArrayLiteral.parse(text) == elements)
    }

    @Test("Rejects what it cannot represent: NULL elements, nested arrays, unterminated quotes, non-arrays",
          arguments: ["{NULL}", "{a,NULL}", "{{1,2},{3,4}}", #"{"open}"#, "", "abc", "{a", "a}"])
    func rejects(text: String) {
        #expect(ArrayLiteral.parse(text) == nil)
    }

    @Test("format then parse is the identity for awkward strings")
    func roundTrip() {
        let awkward = [",", "\"", "\\", "{", "}", " ", "NULL", "", "a\\\"b", "\"NULL\"", "tab\there", "ไทย 🇹🇭", "{\"a\":1}"]
        #expect(ArrayLiteral.parse(ArrayLiteral.format(awkward)) == awkward)
        for element in awkward {
            #expect(ArrayLiteral.parse(ArrayLiteral.format([element])) == [element])
        }
    }
}
