import Foundation

/// Where an HTTP channel sends and how it authenticates (from the environment; the token is a secret
/// and never logged).
struct HTTPChannelEndpoint: Sendable {
    /// The base URL (LINE: `https://api.line.me`; the SMS gateway: its send URL).
    var url: String
    /// Sent as `Authorization: Bearer <token>`.
    var token: String
    /// The longest wait for one request, connection included.
    var timeout: Duration = .seconds(10)
}
