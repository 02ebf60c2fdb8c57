import Foundation
import HTTPTypes
import Hummingbird

/// Checks every request before its route runs: a method the path does not serve is a 405 with the
/// `Allow` the router computes; a declared body above the limit is a 413 naming the limit (bodies
/// sent without a length are stopped at the limit as they are read; the bulk imports have a larger
/// limit than the rest); a query parameter holding a
/// control character (NUL above all) is a 422 naming the parameter.
struct RequestGuardMiddleware: RouterMiddleware {
    typealias Context = IntakeRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.bodyLimit = IntakeRequestContext.bodyLimit(path: request.uri.path)
        let allowed = routes.methods(at: request.uri.path)
        if !allowed.isEmpty && !allowed.contains(request.method) {
            throw Problem.methodNotAllowed(request.method, allowed: allowed.map(\.rawValue))
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > context.maxUploadSize {
            throw Problem.tooLarge(limit: context.maxUploadSize)
        }
        var errors: [Problem.FieldError] = []
        for (name, value) in request.uri.queryParameters {
            if TextRules.hasControlCharacters(String(value), allowLineBreaks: false)
                || TextRules.hasControlCharacters(String(name), allowLineBreaks: false) {
                errors.append(.init(parameter: TextRules.printable(String(name)), detail: Messages.controlCharacters))
            }
        }
        if !errors.isEmpty { throw Problem.validation(errors) }
        return try await next(request, context)
    }
}
