import Foundation

/// `GET /v1/operations/dead-letters`: what each business topic's dead-letter topic holds, as of the
/// broker's answer (`otopctl dlq` lists and replays them).
struct DeadLettersView: Codable, Sendable {
    var asOf: Date
    var topics: [DeadLetterGauge.Held]
}
