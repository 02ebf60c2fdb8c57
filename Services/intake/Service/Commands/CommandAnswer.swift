import Foundation

/// The answer to a command another service applies: what to follow, and the command event's type and id.
struct CommandAnswer: Codable {
    var id: String
    var command: String
    var commandId: UUID
}
