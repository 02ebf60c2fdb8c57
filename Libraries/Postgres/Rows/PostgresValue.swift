/// One field of a result row as the server sent it in text form, with its type.
public struct PostgresValue: Sendable {
    /// The column's type OID (`pg_type.oid`).
    public var typeOID: UInt32
    /// The text form; `nil` is SQL NULL.
    public var text: String?

    public init(typeOID: UInt32, text: String?) {
        self.typeOID = typeOID
        self.text = text
    }

    /// The text, or a failure saying the value is NULL.
    public func requireText() throws(PostgresDecodingFailure) -> String {
        guard let text else { throw PostgresDecodingFailure("is NULL; decode an Optional to accept NULL") }
        return text
    }
}

/// Why one value could not be decoded; ``PostgresRow`` adds the column and the Swift type.
public struct PostgresDecodingFailure: Error, Sendable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}
