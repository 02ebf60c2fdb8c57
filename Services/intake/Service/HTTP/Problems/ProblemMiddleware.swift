import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging
import NIOCore
import Postgres

/// Turns every error into an RFC 9457 problem answer: ours pass through; a body over the limit is a
/// 413 naming the limit; other HTTP errors (Hummingbird's, NIO's) keep their status; a database that
/// is down answers 503 with Retry-After; anything else 500 without internals (the details go to the
/// log, without the request's data).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = IntakeRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge(limit: context.maxUploadSize)
        } catch let error as any HTTPResponseError {
            if error.status == .notFound {
                throw Problem.notFound(.path, TextRules.printable(request.uri.path))
            }
            throw Problem(status: error.status, type: "/problems/http-\(error.status.code)",
                          title: LocalizedText(th: error.status.reasonPhrase, en: error.status.reasonPhrase))
        } catch {
            if FailureKind.classify(error) == .transient {
                context.logger.warning("request failed: dependency unavailable", metadata: ["error": "\(type(of: error))"])
                throw Problem(status: .serviceUnavailable, type: "/problems/unavailable", title: Messages.unavailableTitle,
                              detail: Messages.databaseDown, headers: [.retryAfter: "5"])
            }
            // The error's text may quote the request's data (a statement's parameters): log its kind and
            // the SQL state only, never values.
            var metadata: Logger.Metadata = ["error_type": "\(type(of: error))", "path": "\(request.uri.path)"]
            if let postgres = error as? PostgresError { metadata["sql_state"] = "\(postgres.sqlState?.rawValue ?? "-")" }
            context.logger.error("request failed", metadata: metadata)
            throw Problem(status: .internalServerError, type: "/problems/internal", title: Messages.internalTitle,
                          detail: Messages.internalError("\(context.id)"))
        }
    }
}
