import Foundation

/// What the portal sends to and reads from intake's sign-in routes (docs/api.md "Sign-in codes").
enum IntakeSignIn {
    /// `POST /v1/sign-in/codes`: what the person typed (a phone or an e-mail), the channel they
    /// chose (`nil`: intake's default for what was typed) and their address (for the rate limit).
    struct CodeRequest: Encodable {
        var phone: String?
        var email: String?
        var channel: String?
        var clientAddress: String
    }

    /// 202 of `POST /v1/sign-in/codes` (the same for someone not registered).
    struct CodeSent: Decodable {
        var codeId: UUID
        var channel: String
        var expiresAt: Date
    }

    /// `POST /v1/sign-in/verifications`.
    struct Verification: Encodable {
        var codeId: UUID
        var code: String
    }

    /// One person a verified code signs in (intake's `SignInIdentity`).
    struct Identity: Codable, Equatable {
        var subject: String
        var role: ContactPrincipal.Party
        var partyId: UUID
        var contactIndex: Int
        var name: String
        var partyName: String
        var language: String

        /// The session's principal for this person.
        var principal: ContactPrincipal {
            ContactPrincipal(party: role, partyID: partyId, contactIndex: contactIndex, name: name, partyName: partyName)
        }
    }

    /// 200 of `POST /v1/sign-in/verifications`.
    struct Verified: Decodable {
        var codeId: UUID
        var identities: [Identity]
    }
}
