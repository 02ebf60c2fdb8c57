/// One schema change: a version (applied in ascending order, each once), a name for people, and
/// the SQL script. The checksum of the script is recorded so an edited, already-applied migration
/// is noticed instead of silently diverging.
public struct PostgresMigration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// FNV-1a (64 bit) of the script, as 16 hex digits. Not for security: only to notice edits.
    public var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
