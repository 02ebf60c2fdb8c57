import Contracts
import HTTPTypes
import Hummingbird
import Messaging

/// Starts the W3C trace context of each HTTP request: a new span in the caller's trace when the
/// request carries a valid `traceparent` header, otherwise a fresh trace (an invalid header is
/// ignored, never refused). While the request is served the trace is ``Contracts/TraceParent/current``,
/// so every log line names its trace id and every event written for the request continues it. The
/// answer, problems included, names the trace and the span that served it in a `traceresponse`
/// header (W3C Trace Context Level 2).
struct TraceMiddleware: RouterMiddleware {
    typealias Context = IntakeRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let trace = TraceParent.serving(request.headers[.traceparent])
        do {
            var response = try await TraceParent.$current.withValue(trace) { try await next(request, context) }
            response.headers[.traceresponse] = trace.header
            return response
        } catch var problem as Problem {
            problem.headers[.traceresponse] = trace.header
            throw problem
        }
    }
}

extension HTTPField.Name {
    static let traceparent = Self("traceparent")!
    static let traceresponse = Self("traceresponse")!
}
