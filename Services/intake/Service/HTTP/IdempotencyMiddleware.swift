import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `Idempotency-Key` for every `POST` behind authentication, in one place: the first request with a
/// key claims it (client, key, a fingerprint of method, path and body); a retry with the same key
/// and the same request gets the first answer again (status, `Location`, `ETag`, body) and creates
/// nothing; the same key with another request is a 409. A request that fails (any answer but 2xx)
/// releases its claim so the client may retry with the same key. A retry that arrives while the
/// first still runs waits for its answer (up to `inProgressWait`, 30 s by default); a claim whose outcome is unknown
/// (the process stopped between the route's commit and the answer being stored) stays claimed and is
/// answered 409 after that wait, never run a second time.
public struct IdempotencyMiddleware: RouterMiddleware {
    public typealias Context = IntakeRequestContext
    let store: IdempotencyStore
    /// How long a retry waits for the first request with its key to finish before answering 409.
    let inProgressWait: Duration
    /// 30 s: longer than any request here takes, even on a machine stalled for seconds, and within
    /// the time a client waits for an answer.
    public static let defaultWait: Duration = .seconds(30)

    init(store: IdempotencyStore, inProgressWait: Duration = defaultWait) {
        self.store = store
        self.inProgressWait = inProgressWait
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        guard (1...200).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw Problem.invalidParameter("Idempotency-Key", Messages.idempotencyKeyShape)
        }
        let client = try context.requireClient()
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge(limit: context.maxUploadSize)
        }
        request.body = .init(buffer: body)
        let fingerprint = Self.fingerprint(method: request.method, path: request.uri.path, body: body)
        // A retry sent while the first request still runs waits for its answer (bounded, cancellable)
        // and replays it; if the first fails and frees the key, the retry claims it and runs.
        let deadline = ContinuousClock.now + inProgressWait
        var pause = Duration.milliseconds(20)
        claiming: while true {
            switch try await store.claim(client: client.id, key: key, fingerprint: fingerprint) {
            case .claimed:
                break claiming
            case .otherRequest:
                throw Problem.conflict(Messages.idempotencyReused(key))
            case .inProgress:
                guard ContinuousClock.now < deadline else { throw Problem.conflict(Messages.idempotencyInProgress(key)) }
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(250))
            case .completed(let stored):
                return stored.response(replayed: true)
            }
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await store.release(client: client.id, key: key)
            throw error
        }
        guard (200..<300).contains(response.status.code) else {
            try await store.release(client: client.id, key: key)
            return response
        }
        let stored = try await StoredResponse.capture(response)
        try await store.complete(client: client.id, key: key, response: stored)
        return stored.response(replayed: false)
    }

    /// SHA-256 of the method, the path and the body: the body in canonical form (sorted keys, no
    /// spaces) when it is JSON, so a retry that serialises the same body differently still matches.
    static func fingerprint(method: HTTPRequest.Method, path: String, body: ByteBuffer) -> [UInt8] {
        var bytes = Array("\(method.rawValue) \(path)\n".utf8)
        let raw = Data(buffer: body)
        if let object = try? JSONSerialization.jsonObject(with: raw, options: [.fragmentsAllowed]),
           let canonical = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]) {
            bytes += canonical
        } else {
            bytes += raw
        }
        return SHA256.hash(bytes)
    }
}

/// An answer kept for replay.
struct StoredResponse: Sendable, Codable {
    var status: Int
    var headers: [String: String]
    var body: Data

    /// The headers replayed with the body.
    static let keptHeaders: [HTTPField.Name] = [.location, .eTag, .contentType, .contentLanguage]

    static func capture(_ response: Response) async throws -> StoredResponse {
        let collector = BodyCollector()
        try await response.body.write(collector)
        var headers: [String: String] = [:]
        for name in keptHeaders {
            if let value = response.headers[name] { headers[name.canonicalName] = value }
        }
        return StoredResponse(status: Int(response.status.code), headers: headers, body: Data(collector.bytes))
    }

    func response(replayed: Bool) -> Response {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        if replayed { fields[.idempotentReplayed] = "true" }
        return Response(status: HTTPResponse.Status(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Collects a response body written by a route.
private final class BodyCollector: ResponseBodyWriter, @unchecked Sendable {
    var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        bytes += buffer.readableBytesView
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    /// Set on an answer replayed for a repeated `Idempotency-Key`.
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
