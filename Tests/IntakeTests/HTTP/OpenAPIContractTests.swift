import Foundation
import HTTPTypes
import Testing
@testable import IntakeService

/// The document says what the server serves: every route is documented and every documented route
/// exists; every POST documents `Idempotency-Key`, every PATCH `If-Match` with its 412 and 428.
/// (scripts/check_openapi.py validates the document and its examples against their schemas.)
@Suite("OpenAPI document matches the router")
struct OpenAPIContractTests {
    private func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
    }

    private func documented() throws -> Set<String> {
        let paths = try #require(try document()["paths"] as? [String: [String: Any]])
        var routes: Set<String> = []
        for (path, item) in paths {
            for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                routes.insert("\(method.uppercased()) \(AuthorizationMatrixTests.pattern(path))")
            }
        }
        return routes
    }

    @Test("every route the router serves is in the document, and every documented route is served")
    func complete() async throws {
        let (fixture, _) = try await RouteFixture.shared()
        let served = Set(fixture.api.routeTable.routes.filter { $0.method != .head }
            .map { "\($0.method) \(AuthorizationMatrixTests.pattern($0.path))" })
        let documented = try documented()
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }

    @Test("every POST documents Idempotency-Key; every PATCH If-Match, 412 and 428; every operation its problems")
    func headers() throws {
        let document = try document()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, item) in paths {
            for (method, value) in item where ["get", "post", "put", "patch", "delete"].contains(method) {
                let operation = try #require(value as? [String: Any])
                let parameters = (operation["parameters"] as? [[String: Any]] ?? []).compactMap { $0["$ref"] as? String ?? $0["name"] as? String }
                let responses = try #require(operation["responses"] as? [String: Any], "\(method) \(path)")
                if method == "post" && path.hasPrefix("/v1/") {
                    #expect(parameters.contains("#/components/parameters/IdempotencyKey"), "\(method) \(path)")
                    #expect(responses["409"] != nil, "\(method) \(path)")
                }
                if operation["requestBody"] != nil {
                    #expect(responses["400"] != nil && responses["413"] != nil && responses["415"] != nil, "\(method) \(path)")
                }
                if method == "patch" {
                    #expect(parameters.contains("#/components/parameters/IfMatch"), "\(method) \(path)")
                    #expect(responses["412"] != nil && responses["428"] != nil && responses["413"] != nil, "\(method) \(path)")
                }
                if path.hasPrefix("/v1/") {
                    #expect(responses["401"] != nil && responses["422"] != nil, "\(method) \(path)")
                }
            }
        }
    }
}
