import Contracts
import Foundation

/// The answer to a code request: the same for a phone or e-mail on record and for one that is not
/// (nothing tells the caller who is registered). The person types the code with this `codeId`.
struct IssuedCodeView: Codable, Sendable, Equatable {
    var codeId: UUID
    /// Where the code goes when the phone or e-mail is on record with an address for this channel.
    var channel: ContactChannel
    var expiresAt: Date
    /// Tries allowed (5).
    var attempts: Int
}
