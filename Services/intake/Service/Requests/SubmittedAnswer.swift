import Contracts
import Domain
import Foundation

/// The answer to a submitted request.
struct SubmittedAnswer: Codable {
    var id: UUID
    var reference: String
    var status: String
}
