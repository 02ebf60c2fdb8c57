import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Logging
import NIOCore

/// Sends requests to intake's routes in process and reads the answers: bodies as JSON objects (also
/// deliberately wrong ones) or raw bytes, answers decoded into the API's view types.
struct RouteClient: Sendable {
    let routes: RouterResponder<IntakeRequestContext>
    let logger: Logger

    /// An answer: status, headers and body, decoded on demand.
    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var etag: String? { headers[.eTag] }
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }

        /// The body as `type` (the API's view types; RFC 3339 dates to the microsecond).
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try EventCoding.decoder.decode(type, from: Data(body))
        }

        /// The answer's `id` (the resource a `POST` created or a command's subject), if it has one.
        var id: UUID? { (try? decode(Identified.self))?.id }

        /// The body as an RFC 9457 problem.
        var problem: ProblemAnswer? { try? decode(ProblemAnswer.self) }

        /// The JSON Pointers of a problem's errors about body fields.
        var pointers: [String] { problem?.errors?.compactMap(\.pointer) ?? [] }

        /// The JSON Pointers (or parameter names) of a problem's errors.
        var fields: [String] { problem?.errors?.map { $0.pointer ?? $0.parameter ?? "?" } ?? [] }

        /// The names at the top of a JSON object body: what an answer leaves out (a token, a hash) is
        /// checked here, where a decoded view would not tell.
        var keys: Set<String> { Set(((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]).keys) }

        private struct Identified: Decodable { var id: UUID }
    }

    /// An RFC 9457 problem as the API answers it.
    struct ProblemAnswer: Decodable, Sendable {
        struct FieldError: Decodable, Sendable {
            var pointer: String?
            var parameter: String?
            var detail: String?
        }

        var type: String?
        var title: String?
        var status: Int?
        var detail: String?
        var instance: String?
        /// The state that rules a journey command out (409).
        var currentState: String?
        /// The bound a body exceeded (413).
        var limit: Int?
        var errors: [FieldError]?
    }

    /// Sends `body` bytes as `contentType`.
    func send(_ method: HTTPRequest.Method, _ path: String, token: String?, body: [UInt8]? = nil,
              contentType: String? = "application/json", headers extra: HTTPFields = [:]) async throws -> Answer {
        var fields = extra
        if let token { fields[.authorization] = "Bearer \(token)" }
        if body != nil, let contentType, fields[.contentType] == nil { fields[.contentType] = contentType }
        let headers = fields
        let app = Application(responder: routes, logger: logger)
        return try await app.test(.router) { client in
            let response = try await client.execute(uri: path, method: method, headers: headers,
                                                    body: body.map { ByteBuffer(bytes: $0) })
            return Answer(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
        }
    }

    /// Sends `body` (a JSON object) and reads the answer.
    func json(_ method: HTTPRequest.Method, _ path: String, token: String?, _ body: [String: Any]? = nil,
              contentType: String = "application/json", headers: HTTPFields = [:]) async throws -> Answer {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) }
        return try await send(method, path, token: token, body: bytes, contentType: contentType, headers: headers)
    }

    /// Sends an optional JSON object as `token`.
    func send(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]? = nil) async throws -> Answer {
        try await self.json(method, path, token: token, json)
    }

    /// Sends an optional JSON object with `If-Match`.
    func send(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]?, ifMatch: String) async throws -> Answer {
        try await self.json(method, path, token: token, json, headers: [.ifMatch: ifMatch])
    }

    /// Sends JSON text (or nothing), with `Accept` and other headers.
    func send(_ method: HTTPRequest.Method, _ path: String, token: String, json: String? = nil, accept: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> Answer {
        var headers = extra
        if let accept { headers[.accept] = accept }
        return try await send(method, path, token: token, body: json.map { Array($0.utf8) }, headers: headers)
    }
}
