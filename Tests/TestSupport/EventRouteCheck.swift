import Contracts
import Messaging

/// One consumer's registered event types against the two places that say what it must register:
/// docs/events.md's catalogue table (the types it lists the service as consuming) and the service's
/// own code (the payload types of other services' topics that its functions take). Each service's
/// route test asserts the three differences are empty, so a registration removed or forgotten, or
/// a table left behind, fails by name instead of events being skipped in silence.
public struct EventRouteCheck: Sendable {
    public let service: ServiceName
    /// The CloudEvents types the routes register.
    public let registered: Set<String>
    /// The CloudEvents types docs/events.md lists the service as consuming.
    public let documented: Set<String>
    /// The CloudEvents types of topics the service does not write that its code (under
    /// `Services/<service>/Service`) takes as parameters, each with the files that do.
    public let handledInCode: [String: [String]]

    public init(_ routes: EventRoutes, of service: ServiceName) throws {
        self.service = service
        registered = Set(routes.eventTypes)
        let byName = Dictionary(uniqueKeysWithValues: EventCatalogue.payloadTypes.map {
            (EventCatalogue.documentedName(of: $0.eventType), $0.eventType)
        })
        documented = Set(try EventsDocument.load().consumed(by: service.rawValue).map { byName[$0] ?? $0 })
        let othersTypes = EventCatalogue.payloadTypes.filter { $0.topic.owner != service }
        let eventTypes = Dictionary(uniqueKeysWithValues: othersTypes.map { (String(describing: $0), $0.eventType) })
        var handled: [String: [String]] = [:]
        for file in try RepositoryFiles.swiftFiles(in: "Services/\(service.rawValue)/Service") {
            for name in SwiftParameters.types(in: try RepositoryFiles.text(file), among: Set(eventTypes.keys)) {
                handled[eventTypes[name]!, default: []].append(file)
            }
        }
        handledInCode = handled
    }

    /// Registered, but not listed for the service in docs/events.md.
    public var undocumented: [String] { registered.subtracting(documented).sorted() }

    /// Listed for the service in docs/events.md, but not registered.
    public var unregistered: [String] { documented.subtracting(registered).sorted() }

    /// Handled by the service's code, but not registered (its events would be skipped), with the files.
    public var handledButUnregistered: [String: [String]] { handledInCode.filter { !registered.contains($0.key) } }

    /// Every difference, one line each; empty when the routes, docs/events.md and the code agree.
    public var problems: [String] {
        undocumented.map { "\($0) is registered, but docs/events.md does not list \(service) as consuming it" }
            + unregistered.map { "docs/events.md lists \(service) as consuming \($0), but no route registers it" }
            + handledButUnregistered.sorted { $0.key < $1.key }.map {
                "\($0.key) is handled in \($0.value.joined(separator: ", ")), but no route registers it: its events would be skipped"
            }
    }
}
