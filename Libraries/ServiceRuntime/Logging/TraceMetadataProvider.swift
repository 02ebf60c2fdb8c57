import Contracts
import Logging
import Messaging

extension Logger.MetadataProvider {
    /// `trace_id` and `span_id` of the task's current trace (``Contracts/TraceParent/current``) on
    /// every log line written while it is set: for an HTTP request in intake, an event in a handler,
    /// a message in a worker. Nothing is added outside such work.
    public static let trace = Logger.MetadataProvider {
        guard let trace = TraceParent.current else { return [:] }
        return ["trace_id": .string(trace.traceID), "span_id": .string(trace.spanID)]
    }
}
