import Contracts
import Foundation

/// The example events in docs/events (realistic data, kept valid by ContractsTests), decoded.
enum EventExamples {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/events")

    /// The example of `P` (file `docs/events/<type without th.otop. and .v1>.v1.json`).
    static func load<P: EventPayload>(_ type: P.Type) throws -> CloudEvent<P> {
        let name = P.eventType.replacingOccurrences(of: "th.otop.", with: "")
        let bytes = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
        return try IncomingEvent(bytes: Array(bytes)).decode(P.self)
    }

    static func data<P: EventPayload>(_ type: P.Type) throws -> P {
        try load(type).data
    }
}
