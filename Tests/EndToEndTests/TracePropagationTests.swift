import Contracts
import Domain
import Foundation
import Kafka
import TestSupport
import Testing

/// One request followed through the four real services by its W3C trace id: the caller's
/// `traceparent` is continued by intake, carried by every event the request causes on every topic
/// (CloudEvents attribute and Kafka header), and named by the log lines each process writes while
/// handling it.
@Suite("End to end: one request's trace through the four services", .serialized)
struct TracePropagationTests {
    /// The caller's trace.
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let callerSpan = "00f067aa0ba902b7"

    @Test("a request's trace id is on its events on every topic and in every service's log lines; a bad traceparent starts a fresh trace")
    func traceFollowsTheRequest() async throws {
        try await RunningSystem.run { system in try await follow(system) }
    }

    private func follow(_ system: RunningSystem) async throws {
        let api = system.intake
        let officer = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                         json: ["name": "เจ้าหน้าที่ทดสอบ", "role": "officer"])
        let officerToken = try #require(officer.json["token"] as? String)
        let provider = try await api.send("POST", "/v1/providers", token: officerToken, json: [
            "name": "อุทยานวิทยาศาสตร์ภาคเหนือ", "kind": "sciencePark", "serviceAreas": ["packagingDesign", "standardsSystem"],
            "productTypes": ["food"], "standards": ["tcps"], "provinceCodes": ["TH-50"], "regions": ["north"],
            "capacity": 5, "qualified": true,
            "contacts": [["name": "คุณอรุณ", "email": "park-\(system.tag)@example.org"]],
        ])
        try #require(provider.status == 201, "\(provider.text)")
        let enterprise = try await api.send("POST", "/v1/enterprises", token: officerToken, json: [
            "name": "กลุ่มแม่บ้านบ้านสันทราย", "kind": "communityEnterprise", "provinceCode": "TH-50", "district": "สันทราย",
            "products": [["name": "แยมสับปะรด", "productType": "food"]],
            "contacts": [["name": "นางคำปัน", "email": "kampan-\(system.tag)@example.org"]],
        ])
        try #require(enterprise.status == 201, "\(enterprise.text)")
        let enterpriseID = try #require(enterprise.json["id"] as? String)
        _ = try await eventually("matching to know the provider", timeout: .seconds(30)) { () -> Bool? in
            try await system.count("SELECT count(*)::int8 AS n FROM matching.providers") == 1 ? true : nil
        }
        let client = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                        json: ["name": "บ้านสันทราย", "role": "enterprise", "enterpriseId": enterpriseID])
        let token = try #require(client.json["token"] as? String)
        let body: [String: Any] = [
            "productName": "แยมสับปะรด", "productType": "food", "serviceAreas": ["packagingDesign", "standardsSystem"],
            "targetStandard": "tcps", "description": "ต้องการบรรจุภัณฑ์ใหม่และ มผช.",
        ]

        // The caller's trace is continued in a span of intake's own, named in `traceresponse`.
        let tracedAnswer = try await api.send("POST", "/v1/requests", token: token, json: body,
                                        headers: ["traceparent": "00-\(Self.traceID)-\(Self.callerSpan)-01"])
        try #require(tracedAnswer.status == 202, "\(tracedAnswer.text)")
        let requestID = try #require(tracedAnswer.json["id"] as? String)
        let served = try #require(tracedAnswer.header("traceresponse").flatMap(TraceParent.init), "a valid traceresponse")
        #expect(served.traceID == Self.traceID)
        #expect(served.spanID != Self.callerSpan)

        // An invalid traceparent is ignored, never refused: the request gets a fresh trace.
        let untraced = try await api.send("POST", "/v1/requests", token: token, json: body,
                                          headers: ["traceparent": "00-\(Self.traceID.uppercased())-\(Self.callerSpan)-01"])
        #expect(untraced.status == 202)
        let otherID = try #require(untraced.json["id"] as? String)
        let fresh = try #require(untraced.header("traceresponse").flatMap(TraceParent.init))
        #expect(fresh.traceID != Self.traceID)

        // Problems name the trace too.
        let problem = try await api.send("POST", "/v1/requests", token: token, json: ["productType": "food"],
                                         headers: ["traceparent": "00-\(Self.traceID)-\(Self.callerSpan)-01"])
        #expect(problem.status == 422)
        #expect(problem.header("traceresponse").flatMap(TraceParent.init)?.traceID == Self.traceID)

        // Wait until every service has done its part for both requests.
        for id in [requestID, otherID] {
            _ = try await eventually("request \(id) proposed, planned and both e-mails delivered", timeout: .seconds(60)) { () -> Bool? in
                let view = try await api.send("GET", "/v1/requests/\(id)", token: token).json
                let types = (view["timeline"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
                let done = view["status"] as? String == "proposed" && types.contains(CertificationPlanned.eventType)
                    && types.filter { $0 == NotificationDelivered.eventType }.count == 2
                return done ? true : nil
            }
        }

        // Every topic: the events carrying the trace are exactly this request's, attribute and header alike.
        let requestMessages = try await system.allMessages(on: Topic.requests.name)
        func tracedEvents(on topic: Topic) async throws -> [IncomingEvent] {
            var events: [IncomingEvent] = []
            let messages = topic == .requests ? requestMessages : try await system.allMessages(on: topic.name)
            for message in messages {
                let event = try IncomingEvent(bytes: message.value)
                let header = message.headers.last { $0.key == "traceparent" }?.value.map { String(decoding: $0, as: UTF8.self) }
                #expect(header == event.header.traceparent, "the Kafka header carries the event's traceparent (\(topic.name))")
                #expect(event.header.trace != nil, "every event carries a valid traceparent (\(topic.name) \(event.header.type))")
                if event.header.trace?.traceID == Self.traceID { events.append(event) }
            }
            return events
        }
        let requests = try await tracedEvents(on: .requests)
        #expect(try requests.map { try $0.decode(RequestSubmitted.self).data.requestId.lowercased } == [requestID])
        #expect(requests.first?.header.trace?.spanID != served.spanID, "the event has a span of its own")
        let matches = try await tracedEvents(on: .matches)
        #expect(try matches.map { try $0.decode(MatchProposed.self).data.requestId.lowercased } == [requestID])
        let certifications = try await tracedEvents(on: .certifications)
        #expect(try certifications.map { try $0.decode(CertificationPlanned.self).data.requestId.lowercased } == [requestID])
        let notifications = try await tracedEvents(on: .notifications)
        #expect(try notifications.map { try $0.decode(NotificationDelivered.self).data.template }.sorted()
                == ["proposal-to-provider", "request-received"])
        #expect(try notifications.allSatisfy { try $0.decode(NotificationDelivered.self).data.requestId?.lowercased == requestID })
        for event in requests + matches + certifications + notifications {
            #expect(event.header.correlationid == requestID, "\(event.header.type) is correlated with the request")
        }
        // The request with the bad header is followed by its fresh trace the same way.
        let otherRequest = try requestMessages.map { try IncomingEvent(bytes: $0.value) }
            .first { (try? $0.decode(RequestSubmitted.self).data.requestId.lowercased) == otherID }
        #expect(otherRequest?.header.trace?.traceID == fresh.traceID)

        // Every process wrote log lines naming the trace while it handled the request. Both requests
        // name one product and standard, so certification plans the certificate for whichever it
        // reads first (the partitions decide) and links the other to it.
        let expected: [String: Set<String>] = [
            "intake": ["request submitted"], "matching": ["provider proposed"],
            "certification": ["certificate planned", "request linked to its certificate"], "notifications": ["e-mail delivered"],
        ]
        for (name, messages) in expected {
            let lines = system.services[name]!.log().split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String]
            }
            let tracedLines = lines.filter { $0["trace_id"] == Self.traceID }
            #expect(tracedLines.contains { messages.contains($0["msg"] ?? "") }, "\(name) logs one of \(messages.sorted()) with the trace id")
        }
    }
}
