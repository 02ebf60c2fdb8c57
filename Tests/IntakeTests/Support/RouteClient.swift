import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Kafka
import Logging
import Messaging
import NIOCore
import Postgres
import Prometheus
import ServiceRuntime
import TestSupport
import Testing

/// An answer, read.
struct Answer: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
}

extension TestClientProtocol {
    func send(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]? = nil) async throws -> Answer {
        try await send(method, path, token: token, json: json, headers: [:])
    }

    /// With `If-Match`.
    func send(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]?, ifMatch: String) async throws -> Answer {
        try await send(method, path, token: token, json: json, headers: [.ifMatch: ifMatch])
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]?,
                      headers extra: HTTPFields) async throws -> Answer {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        headers.append(contentsOf: extra)
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: json)))
        }
        return try await execute(uri: path, method: method, headers: headers, body: body) { response in
            Answer(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }
}

extension TestClientProtocol {
    /// Sends a request with a bearer token and an optional JSON body.
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String, json: String? = nil,
              accept: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        headers.append(contentsOf: extra)
        if json != nil { headers[.contentType] = "application/json" }
        if let accept { headers[.accept] = accept }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
}
