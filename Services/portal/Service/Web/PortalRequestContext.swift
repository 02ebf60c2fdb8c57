import Foundation
import Hummingbird
import NIOCore

/// What a portal request carries through its middleware and handlers: the session (when signed in),
/// the page's language, the client's address and whether it came over TLS (both from a trusted
/// proxy's headers, else the connection).
public struct PortalRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``SessionMiddleware`` when the cookie names an active session.
    public var session: Session?
    /// Set by ``SessionMiddleware`` when the cookie named a session that ended or expired.
    public var sessionExpired = false
    public var language: Language = .th
    public var address: String
    public var overTLS = false

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        switch source.channel.remoteAddress {
        case .v4(let address)?: self.address = address.host
        case .v6(let address)?: self.address = address.host
        default: address = "unknown"
        }
    }

    /// Form posts are small; CSV uploads (the imports) up to intake's 16 MiB.
    public var maxUploadSize: Int { 17 * 1024 * 1024 }

    /// The signed-in session (routes behind ``RequireSession`` always have one).
    func requireSession() throws -> Session {
        guard let session else { throw HTTPError(.unauthorized) }
        return session
    }
}
