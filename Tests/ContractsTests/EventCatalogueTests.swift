import Contracts
import Foundation
import TestSupport
import Testing

/// `EventCatalogue` is the one list of event types: every payload type declared in Contracts is in
/// it, and docs/events.md's catalogue table has exactly its types, each with its topic and writer.
/// (Its examples in docs/events: ``EventExampleTests``; what each consumer registers: the route test
/// of each service.)
@Suite("Event catalogue")
struct EventCatalogueTests {
    private static let catalogue = EventCatalogue.payloadTypes
    private static let names = Set(catalogue.map { EventCatalogue.documentedName(of: $0.eventType) })

    @Test("every payload type declared in Libraries/Contracts is in the catalogue, once")
    func everyPayloadType() throws {
        var declared: [String: String] = [:]
        let conformance = /(?:struct|enum|class)\s+([A-Z][A-Za-z0-9]*)\s*:[^{]*\bEventPayload\b/
        for file in try RepositoryFiles.swiftFiles(in: "Libraries/Contracts") {
            for match in try RepositoryFiles.text(file).matches(of: conformance) { declared[String(match.output.1)] = file }
        }
        let listed = Self.catalogue.map { String(describing: $0) }
        #expect(!declared.isEmpty)
        #expect(Set(listed).count == listed.count, "a type is listed twice: \(listed)")
        let missing = declared.filter { !listed.contains($0.key) }
        #expect(missing.isEmpty, "payload types missing from EventCatalogue.payloadTypes: \(missing)")
        #expect(Set(listed).subtracting(declared.keys).isEmpty, "catalogue types found nowhere in Contracts")
    }

    @Test("every type is th.otop.<aggregate>.<happening>.v<N>", arguments: EventCatalogue.payloadTypes.map { $0.eventType })
    func typeNames(eventType: String) {
        #expect(eventType.wholeMatch(of: /th\.otop\.[a-z]+\.[a-z][a-z-]*\.v[1-9][0-9]*/) != nil)
    }

    @Test("docs/events.md's table has a row for each catalogue type, once, with its topic and writer")
    func documentedTable() throws {
        let rows = try EventsDocument.load().rows
        for type in Self.catalogue {
            let name = EventCatalogue.documentedName(of: type.eventType)
            let matching = rows.filter { $0.event == name }
            #expect(matching.count == 1, "docs/events.md: \(matching.count) rows for \(name), expected 1")
            guard let row = matching.first else { continue }
            #expect(row.topic == type.topic.name, "docs/events.md:\(row.line): \(name) travels on \(type.topic.name)")
            #expect(row.writer == type.topic.owner.rawValue, "docs/events.md:\(row.line): \(type.topic.name) is written by \(type.topic.owner)")
            for consumer in row.consumers {
                #expect(ServiceName(rawValue: consumer) != nil, "docs/events.md:\(row.line): '\(consumer)' is not a service")
            }
        }
        for row in rows where !Self.names.contains(row.event) {
            Issue.record("docs/events.md:\(row.line): \(row.event) is not in the event catalogue")
        }
    }

    @Test("docs/events.md names no event the catalogue lacks (in prose: an event, or one of its fields)")
    func documentedMentions() throws {
        let mentions = try EventsDocument.load().mentions
        let aggregates = Set(Self.names.map { String($0.prefix { $0 != "." }) })
        let unversioned = Set(Self.names.map { String($0[..<$0.lastIndex(of: ".")!]) })
        var checked = 0
        for mention in mentions {
            let parts = mention.name.split(separator: ".").map(String.init)
            guard aggregates.contains(parts[0]) else { continue }   // `otop.requests`, `Domain.RequestStatus` ...
            checked += 1
            if parts.last?.wholeMatch(of: /v[0-9]+/) != nil {
                #expect(Self.names.contains(mention.name), "docs/events.md:\(mention.line): \(mention.name) is not in the event catalogue")
            } else {
                // `match.withdrawn` or `match.withdrawn.requestStatus`: the event is its first two parts.
                let event = parts.prefix(2).joined(separator: ".")
                #expect(unversioned.contains(event), "docs/events.md:\(mention.line): \(event) is not in the event catalogue")
            }
        }
        #expect(checked > Self.names.count, "the prose and the table name the events")
    }
}
