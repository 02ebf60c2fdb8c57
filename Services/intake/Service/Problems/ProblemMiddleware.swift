import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging
import Postgres

/// Turns every error into an RFC 9457 problem answer: ours pass through, Hummingbird's HTTP errors
/// (no route, body too large) keep their status, a database that is down answers 503 with
/// Retry-After, anything else 500 without internals (the details go to the log).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = IntakeRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as HTTPError {
            throw Problem(status: error.status, type: "/problems/http-\(error.status.code)",
                          title: error.status.reasonPhrase, detail: error.body)
        } catch {
            if FailureKind.classify(error) == .transient {
                context.logger.warning("request failed: dependency unavailable", metadata: ["error": "\(error)"])
                throw Problem(status: .serviceUnavailable, type: "/problems/unavailable", title: "Temporarily unavailable",
                              detail: "the database is not reachable; retry shortly", headers: [.retryAfter: "5"])
            }
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw Problem(status: .internalServerError, type: "/problems/internal", title: "Internal error",
                          detail: "the error was logged with request id \(context.id)")
        }
    }
}
