import Contracts
import Domain
import Foundation
import Testing

@Suite("CloudEvents envelope")
struct EnvelopeTests {
    func sampleRequest() -> RequestSubmitted {
        RequestSubmitted(
            requestId: UUID(uuidString: "2B6F0C8E-4D1A-4B9E-8F3C-7A6E5D4C3B21")!, reference: "OTOP-2570-000123",
            enterpriseId: UUID(), productId: nil, productName: "ผ้าไหมมัดหมี่", productType: .textile,
            serviceAreas: [.productInnovation], targetStandard: .tcps, description: "พัฒนาลายผ้า",
            provinceCode: "TH-32", fiscalYear: 2570, submittedAt: Date(timeIntervalSince1970: 1_795_000_000.125))
    }

    @Test("a new event carries the structured-mode attributes, the payload's type, subject and key")
    func newEvent() throws {
        let event = CloudEvent(sampleRequest(), source: ServiceName.intake.eventSource, correlationID: "c-1")
        #expect(event.specversion == "1.0")
        #expect(event.type == "th.otop.request.submitted.v1")
        #expect(event.subject == "request/2b6f0c8e-4d1a-4b9e-8f3c-7a6e5d4c3b21")
        #expect(event.data.aggregateID == "2b6f0c8e-4d1a-4b9e-8f3c-7a6e5d4c3b21")
        #expect(event.datacontenttype == "application/json")
        let json = try #require(String(bytes: try event.encoded(), encoding: .utf8))
        #expect(json.contains("\"source\":\"/otop/intake\""))
        #expect(json.contains("ผ้าไหมมัดหมี่"), "Thai text is written as UTF-8, not escaped")
    }

    @Test("timestamps keep microseconds and read back with or without fractional seconds")
    func timestamps() throws {
        let event = CloudEvent(sampleRequest(), source: "/otop/intake", time: Date(timeIntervalSince1970: 1_795_000_000.125))
        let decoded = try IncomingEvent(bytes: try event.encoded()).decode(RequestSubmitted.self)
        #expect(abs(decoded.time.timeIntervalSince1970 - 1_795_000_000.125) < 0.0005)
        #expect(RFC3339.date(from: "2026-11-25T04:30:00Z") == Date(timeIntervalSince1970: 1_795_581_000))
        #expect(RFC3339.date(from: "2026-11-25T11:30:00.5+07:00") == Date(timeIntervalSince1970: 1_795_581_000.5))
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_795_581_000.000_25)) == "2026-11-25T04:30:00.000250Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500000Z")
        for text in ["25/11/2569", "2026-11-25T04:30:00", "2026-13-01T00:00:00Z", "2026-11-25T04:30:00.Z", ""] {
            #expect(RFC3339.date(from: text) == nil, "\(text) must be refused")
        }
    }

    @Test("readers ignore attributes and data fields they do not know")
    func unknownFieldsIgnored() throws {
        var object = try JSONSerialization.jsonObject(with: Data(try CloudEvent(sampleRequest(), source: "/x").encoded())) as! [String: Any]
        object["futureattribute"] = "x"
        var data = object["data"] as! [String: Any]
        data["addedInV1Later"] = 42
        object["data"] = data
        let bytes = Array(try JSONSerialization.data(withJSONObject: object))
        let decoded = try IncomingEvent(bytes: bytes).decode(RequestSubmitted.self)
        #expect(decoded.data.reference == "OTOP-2570-000123")
    }

    struct PoisonCase: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var field: String?
        var reasonContains: String
        var testDescription: String { name }
    }

    @Test("undecodable events are refused with the field at fault", arguments: [
        PoisonCase(name: "not JSON", json: "{oops", field: nil, reasonContains: "not a CloudEvents JSON envelope"),
        PoisonCase(name: "missing id", json: #"{"specversion":"1.0","source":"/x","type":"t","time":"2026-11-25T04:30:00Z"}"#,
                   field: nil, reasonContains: "id: required field is missing"),
        PoisonCase(name: "wrong spec version",
                   json: #"{"specversion":"0.3","id":"7a1c9e4f-2b8d-4f3a-8e6c-5d4b3a2f1e04","source":"/x","type":"t","time":"2026-11-25T04:30:00Z"}"#,
                   field: "specversion", reasonContains: "expected 1.0"),
        PoisonCase(name: "wrong content type",
                   json: #"{"specversion":"1.0","id":"7a1c9e4f-2b8d-4f3a-8e6c-5d4b3a2f1e04","source":"/x","type":"t","time":"2026-11-25T04:30:00Z","datacontenttype":"text/xml"}"#,
                   field: "datacontenttype", reasonContains: "text/xml"),
    ])
    func poison(_ c: PoisonCase) {
        #expect {
            _ = try IncomingEvent(bytes: Array(c.json.utf8))
        } throws: { error in
            guard let error = error as? EventDecodingError else { return false }
            return error.field == c.field && error.reason.contains(c.reasonContains)
        }
    }

    @Test("a payload with a bad field names the JSON path")
    func badPayloadField() throws {
        let json = #"{"specversion":"1.0","id":"7a1c9e4f-2b8d-4f3a-8e6c-5d4b3a2f1e04","source":"/otop/intake","type":"th.otop.request.submitted.v1","time":"2026-11-25T04:30:00Z","data":{"requestId":"2b6f0c8e-4d1a-4b9e-8f3c-7a6e5d4c3b21","reference":"OTOP-2570-000123","enterpriseId":"8f6d2a10-3b7c-4e51-9d0a-6c2e1f4b5a90","productName":"x","productType":"spaceship","serviceAreas":[],"description":"","provinceCode":"TH-50","fiscalYear":2570,"submittedAt":"2026-11-25T04:30:00Z"}}"#
        let incoming = try IncomingEvent(bytes: Array(json.utf8))
        #expect {
            _ = try incoming.decode(RequestSubmitted.self)
        } throws: { error in
            guard let error = error as? EventDecodingError else { return false }
            return error.field == "data" && error.reason.contains("data.productType")
        }
        #expect(throws: EventDecodingError(field: "type", reason: "expected th.otop.match.proposed.v1, found th.otop.request.submitted.v1")) {
            _ = try incoming.decode(MatchProposed.self)
        }
    }

    @Test("every topic has a dead-letter twin and one owner; only contacts is compacted")
    func topicCatalogue() {
        #expect(Topic.requests.deadLetter == "otop.requests.dlq")
        #expect(Topic.allCases.filter(\.isCompacted) == [.contacts])
        #expect(Topic.matches.owner == .matching)
        #expect(Set(EventCatalogue.payloadTypes.map { $0.eventType }).count == EventCatalogue.payloadTypes.count)
    }
}

@Suite("UUID spelling in JSON")
struct LowercaseUUIDTests {
    @Test("UUID string values are written in lower case; other strings are untouched")
    func lowercases() {
        let json = #"{"a":"2B6F0C8E-4D1A-4B9E-8F3C-7A6E5D4C3B21","b":"ABC","c":"2B6F0C8E-4D1A-4B9E-8F3C-7A6E5D4C3B2","d":["8F6D2A10-3B7C-4E51-9D0A-6C2E1F4B5A90"]}"#
        #expect(LowercaseUUIDs.apply(json)
            == #"{"a":"2b6f0c8e-4d1a-4b9e-8f3c-7a6e5d4c3b21","b":"ABC","c":"2B6F0C8E-4D1A-4B9E-8F3C-7A6E5D4C3B2","d":["8f6d2a10-3b7c-4e51-9d0a-6c2e1f4b5a90"]}"#)
    }

    @Test("events carry their ids in lower case, matching their keys")
    func eventIDsLowercase() throws {
        let event = CloudEvent(ContactsUpserted(partyId: UUID(), partyKind: .officer, partyName: "สำนักงานวิทยาศาสตร์", contacts: []),
                               source: "/otop/intake")
        let json = String(decoding: try event.encoded(), as: UTF8.self)
        #expect(json.contains("\"partyId\":\"\(event.data.aggregateID)\""))
        #expect(json.contains("\"id\":\"\(event.id.lowercased)\""))
    }
}
