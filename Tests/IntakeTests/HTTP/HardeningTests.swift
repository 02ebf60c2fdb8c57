import Foundation
import HTTPTypes
import Testing
@testable import IntakeService

/// Each input that once reached a 500 (found by a hostile test) is now a 4xx naming what is wrong,
/// and the router answers 405 with `Allow` and `HEAD` from its own route table.
@Suite("No input reaches a 500")
struct HardeningTests {
    @Test("a NUL in a body's text is a 422 naming the field by JSON Pointer")
    func nulInBody() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        var body = Samples.request(enterprise: parties.ids.northEnterprise)
        body["description"] = "ยืดอายุ\u{0}การเก็บรักษา"
        let answer = try await fixture.call.json(.post, "/v1/requests", token: parties.tokens.officer, body)
        #expect(answer.status == .unprocessableContent)
        #expect(answer.fields == ["/description"])
        var enterprise = Samples.enterprise(province: "TH-50", name: "x\u{0}y")
        enterprise["products"] = [["name": "a\u{7}b", "productType": "food"]]
        let registered = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer, enterprise)
        #expect(registered.status == .unprocessableContent)
        #expect(Set(registered.fields) == ["/name", "/products/0/name"])
    }

    @Test("a NUL in a query parameter is a 422 naming the parameter")
    func nulInQuery() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let answer = try await fixture.call.send(.get, "/v1/requests?status=%00", token: parties.tokens.officer)
        #expect(answer.status == .unprocessableContent)
        #expect(answer.fields == ["status"])
    }

    @Test("a body above the limit is a 413 that names the limit")
    func bodyTooLarge() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let body = Array(#"{"description": ""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000) + Array(#""}"#.utf8)
        let answer = try await fixture.call.send(.post, "/v1/requests", token: parties.tokens.officer, body: body)
        #expect(answer.status == .contentTooLarge)
        #expect(answer.problem?.limit == IntakeRequestContext.bodyLimit)
        #expect(answer.headers[.contentType] == "application/problem+json")
    }

    @Test("an enterprise with 10,000 products is a 422 on /products, not a 500")
    func tooManyProducts() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        var body = Samples.enterprise(province: "TH-50")
        body["products"] = (0..<10_000).map { ["name": "p\($0)", "productType": "food"] }
        let answer = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer, body)
        #expect(answer.status == .unprocessableContent)
        #expect(answer.fields == ["/products"])
    }

    @Test("limit=abc and other bad paging parameters are 422s naming the parameter")
    func badLimit() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        for query in ["limit=abc", "limit=0", "limit=201", "limit=-1", "cursor=not-a-cursor", "fiscalYear=x", "status=done"] {
            let answer = try await fixture.call.send(.get, "/v1/requests?\(query)", token: parties.tokens.officer)
            #expect(answer.status == .unprocessableContent, "\(query)")
            #expect(answer.fields == [String(query.prefix { $0 != "=" })], "\(query)")
        }
    }

    @Test("an unsupported method on an existing path is a 405 with the Allow the router computes")
    func methodNotAllowed() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let cases: [(HTTPRequest.Method, String, String)] = [
            (.put, "/v1/requests", "GET, HEAD, POST"),
            (.delete, "/v1/enterprises/\(parties.ids.northEnterprise)", "GET, HEAD, PATCH"),
            (.patch, "/v1/requests/\(UUID())", "GET, HEAD"),
            (.post, "/openapi.json", "GET, HEAD"),
            (.put, "/v1/api-clients/\(UUID())", "GET, HEAD"),
        ]
        for (method, path, allow) in cases {
            // Without a token too: the method is wrong whoever asks.
            let answer = try await fixture.call.send(method, path, token: nil)
            #expect(answer.status == .methodNotAllowed, "\(method) \(path)")
            #expect(answer.headers[.allow] == allow, "\(method) \(path)")
        }
        let unknown = try await fixture.call.send(.get, "/v1/nothing-here", token: parties.tokens.officer)
        #expect(unknown.status == .notFound)
        #expect(unknown.headers[.contentType] == "application/problem+json")
    }

    @Test("HEAD is served wherever GET is, with the headers and no body")
    func head() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let created = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer, Samples.enterprise(province: "TH-50"))
        let path = try #require(created.headers[.location])
        let get = try await fixture.call.send(.get, path, token: parties.tokens.officer)
        let head = try await fixture.call.send(.head, path, token: parties.tokens.officer)
        #expect(head.status == .ok)
        #expect(head.body.isEmpty)
        #expect(head.etag == get.etag)
        let document = try await fixture.call.send(.head, "/openapi.json", token: nil)
        #expect(document.status == .ok)
    }

    @Test("malformed JSON, a wrong type and a wrong media type are 400, 400 and 415")
    func malformed() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let broken = try await fixture.call.send(.post, "/v1/providers", token: parties.tokens.officer, body: Array("{".utf8))
        #expect(broken.status == .badRequest)
        let wrongType = try await fixture.call.json(.post, "/v1/providers", token: parties.tokens.officer, ["capacity": "many"])
        #expect(wrongType.status == .badRequest)
        #expect(wrongType.fields == ["/capacity"])
        let text = try await fixture.call.send(.post, "/v1/providers", token: parties.tokens.officer, body: Array("{}".utf8),
                                               contentType: "text/plain")
        #expect(text.status == .unsupportedMediaType)
    }

    @Test("problems are in Thai by default and in English when Accept-Language prefers it")
    func bilingual() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let thai = try await fixture.call.send(.get, "/v1/requests?limit=abc", token: parties.tokens.officer)
        #expect(thai.headers[.contentLanguage] == "th")
        #expect(thai.problem?.errors?.first?.detail == "ต้องเป็นจำนวนเต็ม")
        let english = try await fixture.call.send(.get, "/v1/requests?limit=abc", token: parties.tokens.officer,
                                                  headers: [.acceptLanguage: "en-GB,en;q=0.9,th;q=0.5"])
        #expect(english.headers[.contentLanguage] == "en")
        #expect(english.problem?.title == "The request has invalid fields")
        #expect(english.problem?.errors?.first?.detail == "must be an integer")
        #expect(Language.preferred(by: "fr, en;q=0.1") == .en)
        #expect(Language.preferred(by: "fr") == .th)
        #expect(Language.preferred(by: "en;q=0, th") == .th)
    }

    @Test("empty strings and blank-only text are refused as the document's minLength says")
    func emptyText() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        var body = Samples.provider(provinces: ["TH-50"])
        body["name"] = ""
        body["accreditedLabTests"] = ["  "]
        let answer = try await fixture.call.json(.post, "/v1/providers", token: parties.tokens.officer, body)
        #expect(answer.status == .unprocessableContent)
        #expect(answer.fields == ["/name", "/accreditedLabTests/0"])
    }
}
