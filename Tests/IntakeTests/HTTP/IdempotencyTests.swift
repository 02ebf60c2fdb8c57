import Foundation
import Domain
import HTTPTypes
import Hummingbird
import Logging
import Messaging
import NIOCore
import Postgres
import Prometheus
import ServiceRuntime
import Testing
@testable import IntakeService

/// `Idempotency-Key` works the same on every POST: a retry returns the first answer and creates
/// nothing; the same key with another body is a 409; a failed request frees its key.
@Suite("Idempotency-Key on every POST")
struct IdempotencyTests {
    @Test("a retried POST with the same key and body returns the first answer and creates nothing", arguments: [
        "/v1/enterprises", "/v1/providers", "/v1/requests", "/v1/api-clients",
    ])
    func retry(path: String) async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let (token, body): (String, [String: Any]) = switch path {
        case "/v1/enterprises": (parties.tokens.officer, Samples.enterprise(province: "TH-50"))
        case "/v1/providers": (parties.tokens.officer, Samples.provider(provinces: ["TH-50"]))
        case "/v1/requests": (parties.tokens.northEnterprise, Samples.request())
        default: (parties.tokens.operator, ["name": "retry test", "role": "officer"])
        }
        let key = "retry-\(UUID().uuidString)"
        let first = try await fixture.call.json(.post, path, token: token, body, headers: [.idempotencyKey: key])
        #expect((200..<300).contains(first.status.code), "\(first.text)")
        let second = try await fixture.call.json(.post, path, token: token, body, headers: [.idempotencyKey: key])
        #expect(second.status == first.status)
        #expect(second.body == first.body)
        #expect(second.headers[.location] == first.headers[.location])
        #expect(second.headers[.idempotentReplayed] == "true")
        let other = try await fixture.call.json(.post, path, token: token, body.merging(["name": "ชื่ออื่น"]) { $1 },
                                                headers: [.idempotencyKey: key])
        #expect(other.status == .conflict)
    }

    @Test("the retry created nothing: one request and one event for the key")
    func createsNothing() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let key = "once-\(UUID().uuidString)"
        let body = Samples.request()
        var ids: Set<UUID> = []
        for _ in 0..<3 {
            let answer = try await fixture.call.json(.post, "/v1/requests", token: parties.tokens.northEnterprise, body,
                                                     headers: [.idempotencyKey: key])
            ids.insert(try #require(answer.id))
        }
        #expect(ids.count == 1)
        #expect(try await fixture.outboxCount(type: "th.otop.request.submitted.v1", key: ids.first!.lowercased) == 1)
    }

    @Test("retries sent while the first request runs wait for its answer: one request, every answer names it")
    func concurrentRetries() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let call = fixture.call(idempotencyWait: .seconds(300))
        let key = "together-\(UUID().uuidString)"
        let body = Array(try JSONSerialization.data(withJSONObject: Samples.request()))
        let answers = try await withThrowingTaskGroup(of: RouteClient.Answer.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await call.send(.post, "/v1/requests", token: parties.tokens.northEnterprise, body: body,
                                        headers: [.idempotencyKey: key])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.status == .accepted }, "\(answers.map { "\($0.status) \($0.text)" })")
        let ids = Set(answers.compactMap(\.id))
        #expect(ids.count == 1, "one request for one key")
        #expect(answers.filter { $0.headers[.idempotentReplayed] == "true" }.count == 5)
    }

    @Test("a key whose first request's outcome is unknown is a 409 after the wait, and nothing runs twice")
    func unknownOutcome() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let key = "lost-\(UUID().uuidString)"
        let name = "วิสาหกิจที่คำขอแรกหายไป \(UUID().uuidString.prefix(8))"
        let body = Array(try JSONSerialization.data(withJSONObject: Samples.enterprise(province: "TH-50", name: name)))
        // The state a crash between the route's commit and the stored answer leaves: claimed, no answer.
        let fingerprint = IdempotencyMiddleware.fingerprint(method: .post, path: "/v1/enterprises", body: ByteBuffer(bytes: body))
        try await fixture.pool.execute("""
            INSERT INTO intake.idempotent_responses (client_id, key, fingerprint) VALUES (\(parties.ids.officerClient), \(key), \(fingerprint))
            """)
        // A short wait, so the test does not wait the default 30 s.
        let call = fixture.call(idempotencyWait: .seconds(2))
        let started = ContinuousClock.now
        let answer = try await call.send(.post, "/v1/enterprises", token: parties.tokens.officer, body: body,
                                         headers: [.idempotencyKey: key])
        #expect(answer.status == .conflict, "\(answer.text)")
        #expect(ContinuousClock.now - started >= .seconds(2), "it waited for the first request's answer")
        let stored = try await fixture.pool.query("SELECT count(*)::int AS n FROM intake.enterprises WHERE name = \(name)")
        #expect(try stored[0].decode(Int.self, column: "n") == 0)
    }

    @Test("a request that failed frees its key; keys are per client; a bad key is a 422")
    func failuresAndScope() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let key = "fix-\(UUID().uuidString)"
        var body = Samples.request()
        body["serviceAreas"] = ["nope"]
        let failed = try await fixture.call.json(.post, "/v1/requests", token: parties.tokens.northEnterprise, body,
                                                 headers: [.idempotencyKey: key])
        #expect(failed.status == .unprocessableContent)
        let fixed = try await fixture.call.json(.post, "/v1/requests", token: parties.tokens.northEnterprise, Samples.request(),
                                                headers: [.idempotencyKey: key])
        #expect(fixed.status == .accepted)
        let otherClient = try await fixture.call.json(.post, "/v1/requests", token: parties.tokens.southEnterprise, Samples.request(),
                                                      headers: [.idempotencyKey: key])
        #expect(otherClient.status == .accepted)
        #expect(otherClient.id != fixed.id)
        let bad = try await fixture.call.json(.post, "/v1/requests", token: parties.tokens.northEnterprise, Samples.request(),
                                              headers: [.idempotencyKey: String(repeating: "k", count: 201)])
        #expect(bad.status == .unprocessableContent)
        #expect(bad.fields == ["Idempotency-Key"])
    }

    @Test("the same body serialised differently is the same request")
    func canonicalBody() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let key = "canon-\(UUID().uuidString)"
        let compact = Array(#"{"name":"canon","role":"officer"}"#.utf8)
        let spaced = Array(#"{ "role" : "officer",  "name" : "canon" }"#.utf8)
        let first = try await fixture.call.send(.post, "/v1/api-clients", token: parties.tokens.operator, body: compact,
                                                headers: [.idempotencyKey: key])
        let second = try await fixture.call.send(.post, "/v1/api-clients", token: parties.tokens.operator, body: spaced,
                                                 headers: [.idempotencyKey: key])
        #expect(first.status == .created)
        #expect(second.body == first.body)
    }
}
