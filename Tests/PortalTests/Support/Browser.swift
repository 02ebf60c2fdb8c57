import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A tiny browser for in-process page tests: keeps the cookies the portal sets (one jar per
/// instance), posts URL-encoded forms, and reads hidden fields out of the HTML it got.
final class Browser: @unchecked Sendable {
    // @unchecked: one test drives one browser, sequentially.
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) {
        self.client = client
    }

    /// What a page answered.
    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var html: String
        var location: String? { headers[.location] }
        /// Every `Set-Cookie` header as sent.
        var setCookies: [String] { headers[values: .setCookie] }

        /// The value of the hidden input named `name` (the first one on the page).
        func hidden(_ name: String) -> String? {
            guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = html[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    /// A second browser on the same server with none of this one's cookies.
    func fresh() -> Browser { Browser(client: client) }

    func get(_ path: String, headers: HTTPFields = [:]) async throws -> Page {
        try await send(path, method: .get, headers: headers, body: nil)
    }

    /// Posts `fields` URL-encoded, as a browser submits a form.
    func post(_ path: String, _ fields: [(String, String)], headers: HTTPFields = [:]) async throws -> Page {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func send(_ path: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        let page = Page(status: response.status, headers: response.headers, html: String(buffer: response.body))
        for header in page.setCookies {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return page
    }

    /// Sets a cookie by hand (a test forging or replaying one).
    func setCookie(_ name: String, _ value: String?) {
        cookies[name] = value
    }

    /// Opens the sign-in page and submits it; the answer to the post.
    func signIn(_ username: String, _ password: String, next: String = "/", headers: HTTPFields = [:]) async throws -> Page {
        let form = try await get("/sign-in", headers: headers)
        return try await post("/sign-in", [("_signin", form.hidden("_signin") ?? ""), ("next", next), ("username", username),
                                           ("password", password)], headers: headers)
    }

    /// The CSRF token the signed-in pages carry (read from "my account").
    func csrf() async throws -> String? {
        try await get("/account").hidden("_csrf")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? text
    }
}
