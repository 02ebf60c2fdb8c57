import Contracts
import Domain
import Foundation
import Logging

/// The roles of API callers.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// An OTOP producer: submits and follows its own requests only.
    case enterprise
    /// A provider organisation: keeps its own profile and answers proposals made to it.
    case provider
    /// A programme officer: registers enterprises and providers, sees every request (or only those
    /// of the region the officer is scoped to).
    case officer
    /// An operator: manages API clients and runs the system; sees personal data masked.
    case `operator`
    /// The programme's portal as a service, before a person is signed in: asks for and checks
    /// one-time sign-in codes (`/v1/sign-in/...`) and may call nothing else. From an API key an
    /// operator creates (or a token of the portal's own issuer); never from another issuer's JWT.
    case portal

    /// The ministry (programme management): reads what an unscoped officer reads, nationally, with
    /// personal data masked, and changes nothing (``changesNothing``).
    case ministry

    /// A role that may only read: ``AuthenticationMiddleware`` refuses its every write with a 403
    /// naming the role, before any route runs, so a route added later is covered too.
    public var changesNothing: Bool { self == .ministry }
}

/// How a client authenticated.
public enum CredentialKind: String, Sendable, Codable, CaseIterable {
    /// A bearer API key intake issued (stored as its SHA-256).
    case apiKey
    /// A bearer JWT from an organisation's identity provider, verified with configured keys.
    case jwt
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
    /// The region an officer is scoped to (`nil`: the whole country).
    public var region: Region?
    public var credential: CredentialKind

    public init(id: UUID, name: String, role: Role, enterpriseID: UUID?, providerID: UUID?, region: Region? = nil,
                credential: CredentialKind = .apiKey) {
        self.id = id
        self.name = name
        self.role = role
        self.enterpriseID = enterpriseID
        self.providerID = providerID
        self.region = region
        self.credential = credential
    }

    /// Throws 403 unless the client has one of `roles`. The ministry passes wherever an officer
    /// does: it reads what officers read, and its writes never reach a route (``Role/changesNothing``).
    public func require(_ roles: Role..., to action: String) throws(Problem) {
        guard roles.contains(role) || (role == .ministry && roles.contains(.officer)) else {
            throw .forbidden(Messages.forbidden(role: role.rawValue, action: action, allowed: roles.map(\.rawValue)))
        }
    }
}
