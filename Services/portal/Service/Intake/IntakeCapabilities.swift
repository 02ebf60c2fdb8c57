import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Which of the intake additions the pages need (docs/console.md, A1–A14) the running intake serves,
/// read from its OpenAPI document (`/openapi.json`) and re-read every 5 minutes. A page section whose
/// route or parameter is not there yet shows a note naming the addition it waits for, instead of
/// asking intake for something it would refuse or ignore.
final class IntakeCapabilities: Sendable {
    let baseURL: String
    let http: HTTPClient
    private let state = Mutex<(routes: Set<String>, read: Date?)>(([], nil))

    init(baseURL: String, http: HTTPClient) {
        self.baseURL = baseURL
        self.http = http
    }

    /// Whether intake serves `path` (as the document writes it, `/v1/rounds/{id}/requests`), and the
    /// query `parameter` on it when one is named.
    func has(_ path: String, parameter: String? = nil) async -> Bool {
        let routes = await current()
        return routes.contains(parameter.map { "\(path)?\($0)" } ?? path)
    }

    private func current(now: Date = Date()) async -> Set<String> {
        let (routes, read) = state.withLock { ($0.routes, $0.read) }
        if let read, now.timeIntervalSince(read) < 300 { return routes }
        guard let fresh = await fetch() else {
            state.withLock { $0.read = now.addingTimeInterval(-270) }  // try again in 30 s
            return routes
        }
        state.withLock { $0 = (fresh, now) }
        return fresh
    }

    private func fetch() async -> Set<String>? {
        do {
            let response = try await http.execute(HTTPClientRequest(url: baseURL + "/openapi.json"), timeout: .seconds(5))
            let body = try await response.body.collect(upTo: 8 * 1024 * 1024)
            guard response.status == .ok,
                  let document = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                  let paths = document["paths"] as? [String: Any] else { return nil }
            var routes = Set<String>()
            for (path, item) in paths {
                routes.insert(path)
                for case let operation as [String: Any] in (item as? [String: Any] ?? [:]).values {
                    for case let parameter as [String: Any] in operation["parameters"] as? [Any] ?? [] {
                        if let name = parameter["name"] as? String { routes.insert("\(path)?\(name)") }
                        if let reference = parameter["$ref"] as? String, let name = Self.referencedNames[reference.split(separator: "/").last.map(String.init) ?? ""] {
                            routes.insert("\(path)?\(name)")
                        }
                    }
                }
            }
            return routes
        } catch {
            return nil
        }
    }

    /// The query parameters intake's document names by reference.
    static let referencedNames = ["ProvinceCode": "provinceCode", "Region": "region", "ProductType": "productType",
                                  "Limit": "limit", "Cursor": "cursor"]
}
