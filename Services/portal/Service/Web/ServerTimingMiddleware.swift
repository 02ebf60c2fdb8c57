import Foundation
import HTTPTypes
import Hummingbird

/// Outermost on every route: the time the portal spent on the request, from its arrival to the
/// rendered answer, as `Server-Timing: total;dur=<ms>` (the W3C header browsers' developer tools
/// show; scripts/bench_portal.py reads it). Bodies are rendered before the answer leaves the handler,
/// so this is the page's whole server time, intake's answers included.
struct ServerTimingMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[.init("Server-Timing")!] = "total;dur=\(String(format: "%.1f", milliseconds))"
        return response
    }
}
