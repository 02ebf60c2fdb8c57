import Foundation

extension UUID {
    /// The id as every id is written here: in lower case (RFC 9562 asks for lower case on output;
    /// Foundation's `uuidString` is upper case). Message keys, subjects, correlation ids, URLs,
    /// e-mail Message-IDs and error messages all use this one form. (Two encoders apply the same
    /// rule by themselves: `LowercaseUUIDs` for JSON and the PostgreSQL parameter encoding.)
    public var lowercased: String { uuidString.lowercased() }
}
