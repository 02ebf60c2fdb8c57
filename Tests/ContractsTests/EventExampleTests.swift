import Contracts
import Foundation
import Testing

/// The JSON examples in docs/events are the contract's documentation: these tests keep them valid.
@Suite("Event examples in docs/events")
struct EventExampleTests {
    static let examplesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/events")

    static func exampleBytes(for eventType: String) throws -> [UInt8] {
        // th.otop.request.submitted.v1 -> request.submitted.v1.json
        let file = examplesFolder.appendingPathComponent(EventCatalogue.documentedName(of: eventType) + ".json")
        return Array(try Data(contentsOf: file))
    }

    @Test("every event type in the catalogue has an example that decodes and round-trips",
          arguments: EventCatalogue.payloadTypes.map { $0.eventType })
    func exampleRoundTrips(eventType: String) throws {
        let payloadType = try #require(EventCatalogue.payloadType(for: eventType))
        let bytes = try Self.exampleBytes(for: eventType)
        try roundTrip(payloadType, bytes: bytes)
    }

    private func roundTrip<P: EventPayload>(_ type: P.Type, bytes: [UInt8]) throws {
        let incoming = try IncomingEvent(bytes: bytes)
        let event = try incoming.decode(P.self)
        #expect(event.type == P.eventType)
        #expect(event.subject == event.data.subject, "the example's subject must be the payload's subject")
        #expect(event.specversion == "1.0")
        let again = try IncomingEvent(bytes: try event.encoded()).decode(P.self)
        #expect(again.data == event.data)
        #expect(again.header == event.header)
    }

    @Test("examples are exactly the catalogue: no stale example files")
    func noStaleExamples() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examplesFolder.path)
            .filter { $0.hasSuffix(".json") }
        let expected = EventCatalogue.payloadTypes.map { EventCatalogue.documentedName(of: $0.eventType) + ".json" }
        #expect(Set(files) == Set(expected))
    }
}
