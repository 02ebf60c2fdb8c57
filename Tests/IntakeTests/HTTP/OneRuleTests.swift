import Contracts
import Domain
import Foundation
import HTTPTypes
import Testing
@testable import IntakeService

/// Rules that once disagreed between routes, or between a route and its document (issue 16, point
/// 6): each now holds in one place, and these tests hold every route to it.
@Suite("One rule, one place")
struct OneRuleTests {
    @Test("a registration number with a wrong check digit is refused by POST and PATCH, as the CSV import refuses it")
    func registrationCheckDigit() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let body = Samples.enterprise(province: "TH-50", registrationNumber: "0994000165160")
        let registered = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer, body)
        #expect(registered.status == .unprocessableContent)
        #expect(registered.fields == ["/registrationNumber"])
        #expect(registered.problem?.errors?.first?.detail?.contains("หลักตรวจสอบ") == true)
        // The one rule: Domain's, which the import applies to its cells.
        #expect(throws: ThaiIdentificationNumber.ValidationError.badCheckDigit) { try ThaiIdentificationNumber("0994000165160") }
        let fixed = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer,
                                                Samples.enterprise(province: "TH-50", registrationNumber: "0994000165161"))
        #expect(fixed.status == .created || fixed.status == .conflict, "\(fixed.text)")
        let patched = try await fixture.call.json(.patch, "/v1/enterprises/\(parties.ids.northEnterprise.lowercased)",
                                                  token: parties.tokens.officer, ["registrationNumber": "0994000165160"],
                                                  contentType: "application/merge-patch+json", headers: [.ifMatch: "*"])
        #expect(patched.status == .unprocessableContent && patched.fields == ["/registrationNumber"])
    }

    @Test("the CSV import refuses the same number, and names as the bodies do")
    func importAppliesTheSameRules() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let lines = [
                "registrationNumber,name,kind,province,district,productName,productType,contactName,contactEmail",
                "0994000165160,Ban Rai Weaving Group,sme,Uthai Thani,Ban Rai,Cotton scarf,textile,Malee,malee@example.org",
                "0994000123477,\u{202E}puorG gnivaeW,sme,Uthai Thani,Ban Rai,Cotton scarf,textile,Malee,malee@example.org",
                "0994000123485,\u{200B}\u{200D},sme,Uthai Thani,Ban Rai,Cotton scarf,textile,Malee,malee@example.org",
                "0994000123493,กลุ่ม\u{200B}ทอผ้า,sme,Uthai Thani,Ban Rai,Cotton scarf,textile,Malee,malee@example.org",
            ]
            let answer = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(lines), token: tokens.officer)
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try answer.report()
            #expect(Set(report.problems.map { "\($0.row) \($0.column ?? "-") \($0.code)" })
                    == ["2 registrationNumber registration-number", "3 name bidi-control", "4 name invisible-only"])
            #expect(report.summary.created == 1, "a zero-width space inside a Thai name is a word break, not a spoof")
        }
    }

    @Test("a name made of a bidi override or of zero-width characters only is refused, in every name field",
          arguments: ["\u{202E}exe.txt", "วิสาหกิจ\u{2067}ชุมชน\u{2069}", "\u{200B}", "\u{200B}\u{200C}\u{FEFF}", " \u{2060} "])
    func spoofingNames(name: String) async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let officer = parties.tokens.officer
        var enterprise = Samples.enterprise(province: "TH-50", name: name)
        enterprise["products"] = [["name": name, "productType": "food", "foodSubgroup": "processedFood"]]
        var contact = (enterprise["contacts"] as! [[String: Any]])[0]
        contact["name"] = name
        enterprise["contacts"] = [contact]
        let registered = try await fixture.call.json(.post, "/v1/enterprises", token: officer, enterprise)
        #expect(registered.status == .unprocessableContent)
        #expect(Set(registered.fields) == ["/name", "/products/0/name", "/contacts/0/name"], "\(registered.text)")
        var provider = Samples.provider(provinces: ["TH-50"])
        provider["name"] = name
        #expect(try await fixture.call.json(.post, "/v1/providers", token: officer, provider).fields == ["/name"])
        let client = try await fixture.call.json(.post, "/v1/api-clients", token: parties.tokens.operator, ["name": name, "role": "officer"])
        #expect(client.fields == ["/name"])
        let renamed = try await fixture.call.json(.patch, "/v1/enterprises/\(parties.ids.northEnterprise.lowercased)",
                                                  token: officer, ["name": name], contentType: "application/merge-patch+json",
                                                  headers: [.ifMatch: "*"])
        #expect(renamed.status == .unprocessableContent && renamed.fields == ["/name"])
    }

    @Test("a bidi override is refused in any text of a body, free texts too")
    func bidiInFreeText() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        var body = Samples.request(enterprise: parties.ids.northEnterprise)
        body["description"] = "ยืดอายุ\u{202E}การเก็บรักษา"
        let answer = try await fixture.call.json(.post, "/v1/requests", token: parties.tokens.officer, body)
        #expect(answer.status == .unprocessableContent && answer.fields == ["/description"])
    }

    @Test("a JSON body that repeats a member is a 422 naming it by JSON Pointer, at any depth",
          arguments: [
            (#"{"name": "a", "kind": "sme", "name": "b"}"#, "/name"),
            (#"{"products": [{"name": "a"}, {"name": "a", "productType": "food", "name": "b"}]}"#, "/products/1/name"),
            (#"{"name": "a", "n\u0061me": "b"}"#, "/name"),
            (#"{"a/b": 1, "a/b": 2}"#, "/a~1b"),
          ])
    func repeatedKeys(json: String, pointer: String) async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let answer = try await fixture.call.send(.post, "/v1/enterprises", token: parties.tokens.officer, json: json)
        #expect(answer.status == .unprocessableContent)
        #expect(answer.fields == [pointer], "\(answer.text)")
        #expect(RepeatedKeys.first(in: Data(json.utf8)) == pointer)
    }

    @Test("the same member name in different objects is not a repeat")
    func sameNameElsewhere() {
        let json = #"{"name": "a", "products": [{"name": "a"}, {"name": "b", "x": {"name": 1}}], "contacts": [{"name": "c"}]}"#
        #expect(RepeatedKeys.first(in: Data(json.utf8)) == nil)
        #expect(RepeatedKeys.first(in: Data(#"[{"a": 1}, {"a": 2}, "\"a\""]"#.utf8)) == nil)
    }

    @Test("only officers start allocation rounds: a round moves programme money")
    func operatorsDoNotStartRounds() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let answer = try await fixture.call.json(.post, "/v1/rounds", token: parties.tokens.operator, ["fiscalYear": 2570, "region": "north"])
        #expect(answer.status == .forbidden)
        #expect(try await fixture.published(RoundRequested.self).allSatisfy { $0.data.requestedBy.role != .operator })
    }

    @Test("the document gives the cursor's real alphabet: issued cursors match it, a control character does not")
    func cursorAlphabet() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as! [String: Any]
        let parameter = ((document["components"] as! [String: Any])["parameters"] as! [String: Any])["Cursor"] as! [String: Any]
        let pattern = try #require((parameter["schema"] as? [String: Any])?["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        func matches(_ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))?.range == NSRange(text.startIndex..., in: text)
        }
        for path in ["/v1/enterprises", "/v1/providers", "/v1/requests", "/v1/api-clients"] {
            let token = path == "/v1/api-clients" ? parties.tokens.operator : parties.tokens.officer
            let page = try await fixture.call.send(.get, "\(path)?limit=1", token: token)
            let next = try #require((try JSONSerialization.jsonObject(with: Data(page.body)) as? [String: Any])?["next"] as? String)
            let cursor = try #require(URLComponents(string: next)?.queryItems?.first { $0.name == "cursor" }?.value)
            #expect(matches(cursor), "\(path): \(cursor)")
            #expect(try await fixture.call.send(.get, "\(path)?cursor=\(cursor)", token: token).status == .ok)
        }
        for refused in ["a%01b", "a%7Fb", "a+b", "a=b", ""] {
            let text = refused.removingPercentEncoding ?? refused
            #expect(!matches(text), "\(refused)")
            #expect(try await fixture.call.send(.get, "/v1/enterprises?cursor=\(refused)", token: parties.tokens.officer).status
                    == .unprocessableContent, "\(refused)")
        }
    }

    @Test("every name and text member of a body in the document carries the one text rule's pattern")
    func documentPatterns() throws {
        // Query parameters (searches) and the LINE platform's own webhook format keep their rules.
        let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes))
        var found: [String] = []
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                if let pattern = object["pattern"] as? String, pattern.contains(#"\u0000"#),
                   !path.contains("/parameters/"), !path.contains("LineWebhook") {
                    found.append(pattern)
                }
                for (key, member) in object { walk(member, path + "/" + key) }
            } else if let array = value as? [Any] {
                for (index, member) in array.enumerated() { walk(member, path + "/\(index)") }
            }
        }
        walk(document, "")
        #expect(found.count > 30)
        let rule = [DisplayText.pattern(lineBreaks: false), DisplayText.pattern(lineBreaks: true)]
        for pattern in found where pattern.contains("*[^") && !pattern.contains("@") {
            #expect(rule.contains(pattern), "\(pattern)")
        }
        #expect(found.allSatisfy { $0.contains(#"\u202a-\u202e\u2066-\u2069"#) }, "every text refuses bidi controls")
    }
}
