import Foundation

/// A LINE linking code: the person sends ``code`` as a message to the programme's LINE official
/// account before ``expiresAt``; the webhook then links the LINE account that sent it to the
/// contact person (single use).
struct LineLinkView: Codable, Sendable, Equatable {
    var code: String
    var partyId: UUID
    var contactIndex: Int
    var expiresAt: Date
}
