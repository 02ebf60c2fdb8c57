import Contracts
import Domain
import Foundation
import Logging

/// The roles of API callers.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// An OTOP producer: submits and follows its own requests only.
    case enterprise
    /// A provider organisation: answers proposals made to it.
    case provider
    /// A programme officer: registers enterprises and providers, sees every request.
    case officer
    /// An operator: manages API clients and runs the system.
    case `operator`
}

/// An authenticated caller.
public struct APIClient: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var role: Role
    /// The enterprise an `enterprise` client acts for.
    public var enterpriseID: UUID?
    /// The provider a `provider` client acts for.
    public var providerID: UUID?

    public init(id: UUID, name: String, role: Role, enterpriseID: UUID?, providerID: UUID?) {
        self.id = id
        self.name = name
        self.role = role
        self.enterpriseID = enterpriseID
        self.providerID = providerID
    }

    /// Throws 403 unless the client has one of `roles`.
    public func require(_ roles: Role..., to action: String) throws(Problem) {
        guard roles.contains(role) else {
            throw .forbidden("role \(role.rawValue) may not \(action); allowed: \(roles.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
