import Domain
import Foundation
import Postgres

/// An API client as an operator sees it (never a token or its hash).
public struct ClientRecord: Sendable {
    public var client: APIClient
    /// The JWT issuer and subject of a client that authenticates with JWTs.
    public var issuer: String?
    public var subject: String?
    public var createdAt: Date
    public var revokedAt: Date?
    /// The client that replaced this one when its key was rotated.
    public var replacedBy: UUID?
    var position: String

    init(row: PostgresRow) throws {
        client = try ClientStore.decode(row)
        issuer = try row.decode(String?.self, column: "issuer")
        subject = try row.decode(String?.self, column: "subject")
        createdAt = try row.decode(Date.self, column: "created_at")
        revokedAt = try row.decode(Date?.self, column: "revoked_at")
        replacedBy = try row.decode(UUID?.self, column: "replaced_by")
        position = try row.decode(String.self, column: "position")
    }
}
