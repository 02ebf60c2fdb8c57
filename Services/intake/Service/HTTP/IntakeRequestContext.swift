import Contracts
import Domain
import Foundation
import Hummingbird
import Logging

/// The request context of intake's API: Hummingbird's core storage plus the authenticated client.
public struct IntakeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``AuthenticationMiddleware`` for every route behind it.
    public var client: APIClient?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.client = nil
    }

    /// The largest request body read (1 MiB, far above any legitimate one here); larger is a 413.
    public static let bodyLimit = 1 << 20

    /// The body limit of this request's route, set by ``RequestGuardMiddleware`` (the bulk imports
    /// take CSV files up to ``ImportLimits/maxBytes``; everything else ``bodyLimit``).
    var bodyLimit = Self.bodyLimit

    public var maxUploadSize: Int { bodyLimit }

    /// The body limit of the route at `path`.
    static func bodyLimit(path: String) -> Int {
        path.hasPrefix("/v1/imports/") ? ImportLimits.maxBytes : bodyLimit
    }

    /// The authenticated client (routes behind the middleware always have one).
    public func requireClient() throws(Problem) -> APIClient {
        guard let client else { throw .unauthenticated(Messages.sendBearer) }
        return client
    }
}
