import Foundation

/// An enterprise's or provider's contact person signed in with a one-time code: the identity intake
/// answered the verified code with (`SignInIdentity`), as the session's principal. The portal signs
/// this person's JWTs with `sub` = ``subject``, role ``party`` and `enterprise_id`/`provider_id`.
public struct ContactPrincipal: Sendable, Equatable, Codable {
    /// Whose contact person it is (the JWT's role).
    public enum Party: String, Sendable, CaseIterable, Codable {
        case enterprise
        case provider
    }

    public var party: Party
    public var partyID: UUID
    /// The person's position in the party's contact persons (0-based).
    public var contactIndex: Int
    /// The person's name (the layout and the JWT's `name`).
    public var name: String
    /// The enterprise's or provider's name.
    public var partyName: String

    public init(party: Party, partyID: UUID, contactIndex: Int, name: String, partyName: String) {
        self.party = party
        self.partyID = partyID
        self.contactIndex = contactIndex
        self.name = name
        self.partyName = partyName
    }

    /// `contact:<party id>:<contact index>`, the subject of the person's JWTs.
    public var subject: String { "contact:\(partyID.uuidString.lowercased()):\(contactIndex)" }
}
