import Domain
import Foundation

/// `th.otop.signin.code-requested.v1` on `otop.sign-ins`, keyed by the contact's party id: a contact
/// person of an enterprise or a provider asked (through the portal) for a one-time sign-in code, and
/// notifications is to send it on `channel` to that person's address on record (notifications' own
/// copy from `otop.contacts`; no address travels here). The code itself is sealed for notifications
/// (`sealedCode`: AES-256-GCM under a key derived from `SIGNIN_CODE_KEY`, bound to `codeId`),
/// so neither the outbox, the broker nor a dead-letter copy holds it in clear. A message not sent by
/// `expiresAt` is not sent at all.
public struct SignInCodeRequested: EventPayload, Hashable {
    public static let eventType = "th.otop.signin.code-requested.v1"
    public static let topic = Topic.signIns

    public var codeId: UUID
    public var partyId: UUID
    public var partyKind: PartyKind
    /// The person's position in the party's contact persons (0-based) when the code was asked for.
    public var contactIndex: Int
    public var channel: ContactChannel
    /// Base64 of the AES-GCM nonce, ciphertext and tag.
    public var sealedCode: String
    public var requestedAt: Date
    public var expiresAt: Date

    public init(codeId: UUID, partyId: UUID, partyKind: PartyKind, contactIndex: Int, channel: ContactChannel,
                sealedCode: String, requestedAt: Date, expiresAt: Date) {
        self.codeId = codeId
        self.partyId = partyId
        self.partyKind = partyKind
        self.contactIndex = contactIndex
        self.channel = channel
        self.sealedCode = sealedCode
        self.requestedAt = requestedAt
        self.expiresAt = expiresAt
    }

    public var aggregateID: String { partyId.lowercased }
    public var subject: String { "sign-in/\(codeId.lowercased)" }
}
