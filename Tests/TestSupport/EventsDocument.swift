import Foundation

/// docs/events.md as tests read it: the catalogue table (a row per event type: topic, writer,
/// consumers) and every name in backticks shaped like an event's, with the line it is on.
public struct EventsDocument: Sendable {
    /// One row of the table under `| event | topic | written by | consumed by |`.
    public struct Row: Sendable, Equatable {
        /// The event's documented name, e.g. `request.submitted.v1`.
        public var event: String
        /// e.g. `otop.requests`.
        public var topic: String
        /// The service that writes it, e.g. `intake`.
        public var writer: String
        /// The services that consume it (none when the cell is `—`).
        public var consumers: [String]
        public var line: Int
    }

    /// A name in backticks shaped like an event's (`request.submitted`, `th.otop.match.proposed.v1`,
    /// `budget.updated.change`: an event and one of its fields), `th.otop.` removed.
    public struct Mention: Sendable, Equatable {
        public var name: String
        public var line: Int
    }

    /// Why the document could not be read.
    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    public static let path = "docs/events.md"
    static let header = ["event", "topic", "written by", "consumed by"]

    public let rows: [Row]
    public let mentions: [Mention]

    /// Reads the repository's docs/events.md.
    public static func load() throws -> EventsDocument {
        try EventsDocument(text: RepositoryFiles.text(path))
    }

    public init(text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { Self.cells($0) == Self.header }) else {
            throw FormatError(description: "\(Self.path): no table headed | \(Self.header.joined(separator: " | ")) |")
        }
        var rows: [Row] = []
        for index in (start + 2)..<lines.count {
            guard lines[index].hasPrefix("|") else { break }
            let cells = Self.cells(lines[index])
            guard cells.count == Self.header.count else {
                throw FormatError(description: "\(Self.path):\(index + 1): \(cells.count) cells, expected \(Self.header.count)")
            }
            let consumers = cells[3] == "—" || cells[3].isEmpty
                ? [] : cells[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            rows.append(Row(event: cells[0], topic: cells[1], writer: cells[2], consumers: consumers, line: index + 1))
        }
        self.rows = rows
        let eventShaped = /^(?:th\.otop\.)?([a-z]+(?:\.[a-z][A-Za-z0-9-]*)+)$/
        mentions = lines.enumerated().flatMap { index, line in
            line.matches(of: /`([^`]+)`/).compactMap { quoted -> Mention? in
                guard let name = quoted.output.1.wholeMatch(of: eventShaped)?.output.1 else { return nil }
                return Mention(name: String(name), line: index + 1)
            }
        }
    }

    /// The documented names of the events the table lists `service` as consuming.
    public func consumed(by service: String) -> Set<String> {
        Set(rows.filter { $0.consumers.contains(service) }.map(\.event))
    }

    /// A table line's cells, trimmed, backticks removed.
    private static func cells(_ line: String) -> [String] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("|"), trimmed.hasSuffix("|"), trimmed.count > 1 else { return [] }
        return trimmed.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
    }
}
