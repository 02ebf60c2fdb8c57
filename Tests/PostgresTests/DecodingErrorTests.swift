import Postgres
import Testing

/// A value that does not fit the requested Swift type fails with `.decoding`, naming the column and the type.
@Suite("Decoding errors name the column and the type")
struct DecodingErrorTests {
    private func row(_ query: PostgresQuery) async throws -> PostgresRow {
        try await TestDatabase.withPool(maxConnections: 1) { pool in try await pool.query(query).first! }
    }

    @Test("Text 'abc' decoded as Int")
    func textAsInteger() async throws {
        let row = try await row("SELECT 'abc'::text AS quantity")
        let error = #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "quantity") }
        #expect(error?.code == .decoding)
        #expect(error?.column == "quantity")
        #expect(error?.message.contains("'quantity'") == true)
        #expect(error?.message.contains("Int") == true)
        #expect(error?.message.contains("abc") == true)
    }

    @Test("NULL decoded into a non-optional type; the Optional reads nil")
    func nullIntoNonOptional() async throws {
        let row = try await row("SELECT NULL::text AS province")
        let error = #expect(throws: PostgresError.self) { try row.decode(String.self, column: "province") }
        #expect(error?.code == .decoding)
        #expect(error?.column == "province")
        #expect(error?.message.contains("'province'") == true)
        #expect(error?.message.contains("String") == true)
        #expect(error?.message.contains("NULL") == true)
        #expect(try row.decode(String?.self, column: "province") == nil)
    }

    @Test("An unknown column lists the columns the result has")
    func unknownColumn() async throws {
        let row = try await row("SELECT 1::int8 AS id, 'x'::text AS name")
        let error = #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "identifier") }
        #expect(error?.code == .decoding)
        #expect(error?.column == "identifier")
        #expect(error?.message.contains("'identifier'") == true)
        #expect(error?.message.contains("id, name") == true)
    }

    @Test("A number too large for Int32 and an array element that is not an integer")
    func outOfRangeAndArrayElement() async throws {
        let row = try await row("SELECT 3000000000::int8 AS big, ARRAY['1','x']::text[] AS items")
        let big = #expect(throws: PostgresError.self) { try row.decode(Int32.self, column: "big") }
        #expect(big?.column == "big")
        #expect(big?.message.contains("Int32") == true)
        let items = #expect(throws: PostgresError.self) { try row.decode([Int].self, column: "items") }
        #expect(items?.column == "items")
        #expect(items?.message.contains("element 2") == true)
    }

    /// A closed set stored as text, as the services keep their states.
    enum Shade: String { case red, green }

    @Test("An enum stored as text decodes with the same call, NULL as nil and arrays element by element")
    func enumValues() async throws {
        let row = try await row("SELECT 'red'::text AS shade, NULL::text AS absent, ARRAY['green','red']::text[] AS shades")
        #expect(try row.decode(Shade.self, column: "shade") == .red)
        #expect(try row.decode(Shade?.self, column: "absent") == nil)
        #expect(try row.decode(Shade?.self, column: "shade") == .red)
        #expect(try row.decode([Shade].self, column: "shades") == [.green, .red])
    }

    @Test("A value the enum does not know is an error naming the column and the value, never a default")
    func unknownEnumValue() async throws {
        let row = try await row("SELECT 'blue'::text AS shade, ARRAY['red','blue']::text[] AS shades")
        let single = #expect(throws: PostgresError.self) { try row.decode(Shade.self, column: "shade") }
        #expect(single?.code == .decoding && single?.column == "shade")
        #expect(single?.message == "column 'shade': 'blue' is not a Shade")
        let optional = #expect(throws: PostgresError.self) { try row.decode(Shade?.self, column: "shade") }
        #expect(optional?.message == "column 'shade': 'blue' is not a Shade")
        let element = #expect(throws: PostgresError.self) { try row.decode([Shade].self, column: "shades") }
        #expect(element?.column == "shades")
        #expect(element?.message == "column 'shades' element 2: 'blue' is not a Shade")
    }

    @Test("decodeJSON of JSON of another shape names the column")
    func jsonOfWrongShape() async throws {
        struct Expected: Decodable { var name: String }
        let row = try await row("SELECT '{\"title\": 1}'::jsonb AS document")
        let error = #expect(throws: PostgresError.self) { try row.decodeJSON(Expected.self, column: "document") }
        #expect(error?.code == .decoding)
        #expect(error?.column == "document")
        #expect(error?.message.contains("Expected") == true)
    }
}
