import Domain
import Foundation
import Postgres

/// A person who signs in with a password: an officer (national or scoped to a region) or an operator.
public struct Account: Sendable, Equatable {
    /// What the person may do; the same role intake gives the JWT the portal signs for them.
    public enum Role: String, Sendable, CaseIterable, Codable {
        case officer
        case `operator`
    }

    public var id: UUID
    public var username: String
    public var displayName: String
    public var role: Role
    /// An officer's region (`nil`: every region); always `nil` for operators.
    public var region: Region?
    public var mustChangePassword: Bool
    public var disabledAt: Date?
    public var createdAt: Date

    static let columns: StaticString = "id, username, display_name, role, region, must_change_password, disabled_at, created_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        username = try row.decode(String.self, column: "username")
        displayName = try row.decode(String.self, column: "display_name")
        role = try row.decode(Role.self, column: "role")
        region = try row.decode(Region?.self, column: "region")
        mustChangePassword = try row.decode(Bool.self, column: "must_change_password")
        disabledAt = try row.decode(Date?.self, column: "disabled_at")
        createdAt = try row.decode(Date.self, column: "created_at")
    }

    public init(id: UUID, username: String, displayName: String, role: Role, region: Region?,
                mustChangePassword: Bool = false, disabledAt: Date? = nil, createdAt: Date = Date()) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.region = region
        self.mustChangePassword = mustChangePassword
        self.disabledAt = disabledAt
        self.createdAt = createdAt
    }
}
