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

    /// 1 MiB is far above any legitimate request body here.
    public var maxUploadSize: Int { 1 << 20 }

    /// The authenticated client (routes behind the middleware always have one).
    public func requireClient() throws(Problem) -> APIClient {
        guard let client else { throw .unauthenticated("send Authorization: Bearer <token>") }
        return client
    }
}
