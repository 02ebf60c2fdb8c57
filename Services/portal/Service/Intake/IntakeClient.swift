import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The portal's one door to the programme's data: intake's `/v1` API over HTTP, as the signed-in
/// person (a JWT the portal signs for them), in the page's language. Every refusal comes back as an
/// ``IntakeProblem``.
public struct IntakeClient: Sendable {
    let baseURL: String
    let http: HTTPClient
    let signer: PortalTokenSigner
    let logger: Logger
    /// Which additions of docs/console.md the running intake serves.
    let capabilities: IntakeCapabilities
    static let timeout: TimeAmount = .seconds(15)

    public init(baseURL: String, http: HTTPClient, signer: PortalTokenSigner, logger: Logger) {
        self.baseURL = baseURL
        self.http = http
        self.signer = signer
        self.logger = logger
        capabilities = IntakeCapabilities(baseURL: baseURL, http: http)
    }

    /// `GET path` decoded as `Value`.
    func get<Value: Decodable>(_ path: String, _ query: [(String, String?)] = [], as type: Value.Type,
                               session: Session) async throws(IntakeProblem) -> Value {
        let answer = try await call(.GET, path, query: query, session: session)
        do {
            return try answer.decode(type)
        } catch {
            logger.error("intake answer does not decode", metadata: ["path": "\(path)", "error": "\(error)"])
            throw IntakeProblem(status: 502, title: "intake's answer could not be read", detail: path)
        }
    }

    /// `GET path` with its `ETag`.
    func getVersioned<Value: Decodable>(_ path: String, as type: Value.Type, session: Session) async throws(IntakeProblem) -> (Value, String?) {
        let answer = try await call(.GET, path, session: session)
        do {
            return (try answer.decode(type), answer.etag)
        } catch {
            throw IntakeProblem(status: 502, title: "intake's answer could not be read", detail: path)
        }
    }

    /// Sends a command or update with a JSON body (`Idempotency-Key` on POST, `If-Match` on updates).
    func send(_ method: HTTPMethod, _ path: String, json: some Encodable, idempotencyKey: String? = nil, ifMatch: String? = nil,
              ifNoneMatch: String? = nil,
              contentType: String = "application/json", session: Session) async throws(IntakeProblem) -> IntakeAnswer {
        let body: Data
        do {
            body = try IntakeJSON.encoder.encode(json)
        } catch {
            throw IntakeProblem(status: 500, title: "the form could not be sent", detail: "\(error)")
        }
        return try await call(method, path, body: body, contentType: contentType, idempotencyKey: idempotencyKey,
                              ifMatch: ifMatch, ifNoneMatch: ifNoneMatch, session: session)
    }

    /// Sends `json` to one of intake's sign-in or self-registration routes as the portal itself (role
    /// `portal`: nobody is signed in yet), in `language`; `idempotencyKey` for a form that must apply once.
    func sendAsPortal(_ path: String, json: some Encodable, idempotencyKey: String? = nil,
                      language: Language) async throws(IntakeProblem) -> IntakeAnswer {
        let token: String, body: Data
        do {
            token = try await signer.serviceToken()
            body = try IntakeJSON.encoder.encode(json)
        } catch {
            throw IntakeProblem(status: 500, title: "the portal could not sign its service token", detail: "\(error)")
        }
        return try await call(.POST, path, body: body, contentType: "application/json", idempotencyKey: idempotencyKey, token: token,
                              language: language)
    }

    /// One call; a 4xx/5xx becomes the problem intake sent.
    func call(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: Data? = nil,
              contentType: String? = nil, accept: String = "application/json", idempotencyKey: String? = nil,
              ifMatch: String? = nil, ifNoneMatch: String? = nil, session: Session) async throws(IntakeProblem) -> IntakeAnswer {
        let token: String
        do {
            token = try await signer.token(for: session)
        } catch {
            throw IntakeProblem(status: 500, title: "the portal could not sign its token", detail: "\(error)")
        }
        return try await call(method, path, query: query, body: body, contentType: contentType, accept: accept,
                              idempotencyKey: idempotencyKey, ifMatch: ifMatch, ifNoneMatch: ifNoneMatch, token: token,
                              language: session.language)
    }

    /// One call with `token`.
    private func call(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: Data?,
                      contentType: String?, accept: String = "application/json", idempotencyKey: String? = nil,
                      ifMatch: String? = nil, ifNoneMatch: String? = nil, token: String, language: Language)
        async throws(IntakeProblem) -> IntakeAnswer {
        var request = HTTPClientRequest(url: baseURL + path + Self.queryString(query))
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(name: "Accept-Language", value: language.rawValue)
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        if let ifMatch { request.headers.add(name: "If-Match", value: ifMatch) }
        if let ifNoneMatch { request.headers.add(name: "If-None-Match", value: ifNoneMatch) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let answer: IntakeAnswer
        do {
            let response = try await http.execute(request, timeout: Self.timeout)
            let bytes = try await response.body.collect(upTo: 32 * 1024 * 1024)
            answer = IntakeAnswer(status: Int(response.status.code), location: response.headers.first(name: "Location"),
                                  etag: response.headers.first(name: "ETag"), body: Data(bytes.readableBytesView),
                                  retryAfter: response.headers.first(name: "Retry-After").flatMap(Int.init))
        } catch {
            logger.warning("intake unreachable", metadata: ["path": "\(path)", "error": "\(error)"])
            throw IntakeProblem(status: 503, title: "intake did not answer", detail: "\(error)", unreachable: true)
        }
        guard answer.status < 400 else {
            if var problem = try? IntakeJSON.decoder.decode(IntakeProblem.self, from: answer.body) {
                problem.status = answer.status
                problem.retryAfter = answer.retryAfter
                throw problem
            }
            throw IntakeProblem(status: answer.status, title: "intake answered \(answer.status)")
        }
        return answer
    }

    /// `?a=1&b=2` from the pairs with a value (percent-encoded), or nothing.
    static func queryString(_ pairs: [(String, String?)]) -> String {
        let items = pairs.compactMap { name, value in value.map { "\(name)=\(escape($0))" } }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }

    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? value
    }
}
