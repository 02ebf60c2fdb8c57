import Logging
import Synchronization

/// Collects every log record (message and metadata, rendered as text) to check what is logged.
public final class CapturedLogs: Sendable {
    private let records = Mutex<[String]>([])

    /// Every record so far as `level message key=value ...`.
    public var all: [String] { records.withLock { $0 } }

    /// A logger at trace level that records here.
    public func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    public init() {}

    fileprivate func append(_ record: String) {
        records.withLock { $0.append(record) }
    }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            sink.append("\(event.level) \(event.message) \(rendered)")
        }
    }
}
