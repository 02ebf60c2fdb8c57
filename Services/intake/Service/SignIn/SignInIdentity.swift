import Contracts
import Domain
import Foundation

/// A contact person a verified code signs in: what the portal needs to open a session and sign the
/// person's JWTs (`sub` = ``subject``, `role`, `enterprise_id` or `provider_id`, `name`).
struct SignInIdentity: Codable, Sendable, Equatable {
    /// `contact:<party id>:<contact index>`.
    var subject: String
    /// `enterprise` or `provider` (the JWT's role).
    var role: PartyKind
    var partyId: UUID
    /// Set for an enterprise's contact person.
    var enterpriseId: UUID?
    /// Set for a provider's contact person.
    var providerId: UUID?
    /// The person's position in the party's contact persons (0-based).
    var contactIndex: Int
    /// The person's name (the session's display name).
    var name: String
    /// The person's role at the party (`ประธานกลุ่ม`), if recorded.
    var contactRole: String?
    /// The enterprise's or provider's name.
    var partyName: String
    /// `th` or `en`: the person's language for pages.
    var language: String

    init(partyID: UUID, kind: PartyKind, partyName: String, index: Int, person: ContactPerson) {
        subject = "contact:\(partyID.lowercased):\(index)"
        role = kind
        partyId = partyID
        enterpriseId = kind == .enterprise ? partyID : nil
        providerId = kind == .provider ? partyID : nil
        contactIndex = index
        name = person.name
        contactRole = person.role
        self.partyName = partyName
        language = person.language
    }
}

/// The answer to a verified code: every contact person on record with the phone or e-mail the code
/// was asked for (usually one; a person who is a contact of two parties chooses on the portal).
struct VerifiedSignInView: Codable, Sendable, Equatable {
    var codeId: UUID
    var identities: [SignInIdentity]
    var verifiedAt: Date
}
