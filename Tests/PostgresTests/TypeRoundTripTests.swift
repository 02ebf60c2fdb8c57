import Foundation
import Postgres
import TestSupport
import Testing

/// Every supported Swift type goes parameter → column of the matching SQL type → decode and
/// comes back equal, through the real server.
@Suite("Type round trips through PostgreSQL")
struct TypeRoundTripTests {
    /// Stores `values` in a fresh temporary table with one column of `sqlType`, reads them back in order.
    private func roundTrip<Value: PostgresEncodable & PostgresDecodable>(_ values: [Value], as sqlType: String) async throws -> [Value] {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            try await pool.withConnection { connection in
                let table = uniqueName("roundtrip")
                // The column type is a constant of this file; the table name is generated: no values in the SQL text.
                try await connection.execute(PostgresQuery(sql: "CREATE TEMP TABLE \(table) (position int8 PRIMARY KEY, value \(sqlType))"))
                for (position, value) in values.enumerated() {
                    try await connection.execute("INSERT INTO \(identifier: table) (position, value) VALUES (\(position), \(value))")
                }
                let rows = try await connection.query("SELECT value FROM \(identifier: table) ORDER BY position")
                try await connection.execute("DROP TABLE \(identifier: table)")
                return try rows.map { row throws(PostgresError) in try row.decode(Value.self, column: "value") }
            }
        }
    }

    @Test("String: Thai text, quotes, backslashes, emoji and the empty string")
    func strings() async throws {
        let values = ["วิสาหกิจชุมชนบ้านดอนกลาง น้ำพริกเผา", "O'Reilly \"quoted\"", #"C:\path\to\file \n not a newline"#,
                      "ขนม 🍡 & 🇹🇭", "", "  leading and trailing spaces  ", "line one\nline two\ttab"]
        #expect(try await roundTrip(values, as: "text") == values)
    }

    @Test("Int, Int64 extremes and Int32 extremes")
    func integers() async throws {
        let ints = [0, 1, -1, 42, Int.max, Int.min]
        #expect(try await roundTrip(ints, as: "int8") == ints)
        let longs: [Int64] = [Int64.max, Int64.min, 9_007_199_254_740_993]
        #expect(try await roundTrip(longs, as: "bigint") == longs)
        let shorts: [Int32] = [Int32.max, Int32.min, 0]
        #expect(try await roundTrip(shorts, as: "int4") == shorts)
    }

    @Test("Bool")
    func booleans() async throws {
        #expect(try await roundTrip([true, false], as: "boolean") == [true, false])
    }

    @Test("Double: fractions, extremes and infinities come back exactly; NaN stays NaN")
    func doubles() async throws {
        let values = [0.1, -2.5, Double.pi, 1e-300, -1.7976931348623157e308, 123_456_789.123_456_789, .infinity, -.infinity]
        #expect(try await roundTrip(values, as: "float8") == values)
        #expect(try await roundTrip([Double.nan], as: "float8").first?.isNaN == true)
    }

    @Test("UUID")
    func uuids() async throws {
        let values = [UUID(), UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, UUID()]
        #expect(try await roundTrip(values, as: "uuid") == values)
    }

    @Test("Date in a timestamptz column keeps the microsecond, before and after 1970")
    func timestamps() async throws {
        let values = [Date(timeIntervalSince1970: 1_795_746_911.123_456), Date(timeIntervalSince1970: 0),
                      Date(timeIntervalSince1970: -1_234_567_890.654_321), Date(timeIntervalSince1970: 951_782_400.000_001)]
        let back = try await roundTrip(values, as: "timestamptz")
        #expect(back.map(microseconds) == values.map(microseconds))
    }

    @Test("Date in a date column is midnight UTC of that day")
    func dates() async throws {
        // 2024-02-29 17:30 UTC stored in a `date` column is the leap day itself.
        let afternoon = Date(timeIntervalSince1970: 1_709_227_800)
        let back = try await roundTrip([afternoon], as: "date")
        #expect(back == [Date(timeIntervalSince1970: 1_709_164_800)])
    }

    @Test("[UInt8] as bytea: every byte value, zero bytes, and the empty value")
    func byteArrays() async throws {
        let values: [[UInt8]] = [Array(0...255), [0, 0, 0], [], [0x5c, 0x78]]
        #expect(try await roundTrip(values, as: "bytea") == values)
    }

    @Test("Data as bytea")
    func data() async throws {
        let values = [Data([0, 1, 2, 0, 255]), Data(), Data("สวัสดี".utf8)]
        #expect(try await roundTrip(values, as: "bytea") == values)
    }

    @Test("[String] in a text[] column keeps commas, quotes, braces, backslashes, spaces, \"NULL\" and empty strings")
    func stringArrays() async throws {
        let values: [[String]] = [
            ["a,b", "say \"hi\"", "{braces}", #"back\slash"#, "two words", "NULL", "", "null", "ไทย"],
            [],
            [""],
            ["NULL"],
        ]
        #expect(try await roundTrip(values, as: "text[]") == values)
    }

    @Test("[UUID] and [Int] arrays")
    func otherArrays() async throws {
        let uuids = [[UUID(), UUID()], []]
        #expect(try await roundTrip(uuids, as: "uuid[]") == uuids)
        let ints = [[1, -2, Int.max, Int.min], []]
        #expect(try await roundTrip(ints, as: "int8[]") == ints)
    }

    @Test("Optional nil is stored as NULL and read back as nil")
    func optionals() async throws {
        let strings: [String?] = [nil, "x", nil]
        #expect(try await roundTrip(strings, as: "text") == strings)
        let ints: [Int?] = [nil, 7]
        #expect(try await roundTrip(ints, as: "int8") == ints)
        let uuids: [UUID?] = [nil]
        #expect(try await roundTrip(uuids, as: "uuid") == uuids)
        let dates: [Date?] = [nil]
        #expect(try await roundTrip(dates, as: "timestamptz") == dates)
        let bytes: [[UInt8]?] = [nil, []]
        #expect(try await roundTrip(bytes, as: "bytea") == bytes)
        // And the server really received SQL NULL (not the text "nil" or an empty string).
        #expect(try await isNull(String?.none, as: "text"))
        #expect(try await isNull(UUID?.none, as: "uuid"))
        #expect(try await !isNull(Optional(""), as: "text"))
    }

    struct Produce: Codable, Equatable {
        var name: String
        var standards: [String]
        var priceBaht: Double
        var certified: Bool
        var notes: String?
    }

    @Test("PostgresJSON in a jsonb column decodes back into the Codable struct")
    func json() async throws {
        let produce = Produce(name: "ผ้าไหมมัดหมี่", standards: ["มผช.", "GMP"], priceBaht: 1250.5, certified: true,
                              notes: #"quote " and backslash \"#)
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            try await pool.withConnection { connection in
                let table = uniqueName("json")
                try await connection.execute("CREATE TEMP TABLE \(identifier: table) (document jsonb NOT NULL)")
                try await connection.execute("INSERT INTO \(identifier: table) (document) VALUES (\(try PostgresJSON(produce)))")
                let row = try await connection.query("SELECT document, document->>'name' AS name FROM \(identifier: table)").first!
                #expect(try row.decodeJSON(Produce.self, column: "document") == produce)
                #expect(try row.decode(PostgresJSON.self, column: "document").decode(Produce.self) == produce)
                // The server really parsed it as JSON, not as an opaque string.
                #expect(try row.decode(String.self, column: "name") == "ผ้าไหมมัดหมี่")
                try await connection.execute("DROP TABLE \(identifier: table)")
            }
        }
    }

    /// Whether the server sees `value` as NULL. The explicit cast types the parameter, since a
    /// `String` travels untyped (`unknown`) and `$1 IS NULL` alone gives the server nothing to infer from.
    private func isNull<Value: PostgresEncodable>(_ value: Value, as sqlType: String) async throws -> Bool {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            try await pool.query(PostgresQuery(sql: "SELECT $1::\(sqlType) IS NULL AS is_null", parameters: [value.postgresParameter]))
                .first!.decode(Bool.self, column: "is_null")
        }
    }

    private func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
}
