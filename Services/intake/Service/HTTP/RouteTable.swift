import Hummingbird
import HTTPTypes
import Synchronization

/// The router's own list of routes (paths and methods), read from the router once every route is
/// added: what `Allow` answers, what the OpenAPI completeness test compares the document with.
final class RouteTable: Sendable {
    /// A path pattern and the methods it serves.
    struct Entry: Sendable {
        var path: RouterPath
        var methods: Set<HTTPRequest.Method>
    }

    private let entries = Mutex<[Entry]>([])

    /// Takes the routes of `router` (call after the last route is added).
    func load<Context>(from router: Router<Context>) {
        var byPath: [String: Entry] = [:]
        for route in router.routes {
            byPath[route.path.description, default: Entry(path: route.path, methods: [])].methods.insert(route.method)
        }
        entries.withLock { $0 = Array(byPath.values) }
    }

    /// Every route as `(path, method)`, `HEAD` included where `GET` is served.
    var routes: [(path: String, method: HTTPRequest.Method)] {
        entries.withLock { entries in
            entries.flatMap { entry in Self.allowed(entry.methods).map { (entry.path.description, $0) } }
        }
    }

    /// The methods served at `path` (the most literal pattern that matches it), `HEAD` where `GET`
    /// is; empty when no route matches the path.
    func methods(at path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return entries.withLock { entries in
            var best: (literals: Int, methods: Set<HTTPRequest.Method>)?
            for entry in entries where entry.path.components.count == segments.count {
                guard zip(entry.path.components, segments).allSatisfy({ element, segment in element ~= segment }) else { continue }
                let literals = zip(entry.path.components, segments).filter { element, segment in element == segment }.count
                if best == nil || literals > best!.literals { best = (literals, entry.methods) }
            }
            return best.map { Self.allowed($0.methods) } ?? []
        }
    }

    private static func allowed(_ methods: Set<HTTPRequest.Method>) -> [HTTPRequest.Method] {
        var all = methods
        if all.contains(.get) { all.insert(.head) }
        return all.sorted { $0.rawValue < $1.rawValue }
    }
}
