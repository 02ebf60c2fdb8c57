import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

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
        let body = try json.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let response = try await send(method, path, token: token, json: body, headers: extra)
        return Answer(status: response.status, headers: response.headers, text: response.text)
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
