import W3CTraceContext

/// A W3C trace context as the `traceparent` value carries it (`00-<trace id>-<span id>-<flags>`):
/// the trace a piece of work belongs to and the span (one step of it) that is running or that sent
/// a message. One request is followed across the four services by its trace id; each HTTP request
/// served and each event written gets a span id of its own under that trace.
///
/// Parsing and formatting are swift-w3c-trace-context's; only version `00` is understood, and an
/// all-zero trace or span id, upper-case hex or a wrong length makes the value invalid.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    private let context: TraceContext

    private init(_ context: TraceContext) {
        self.context = context
    }

    /// The context in a `traceparent` value; `nil` when the value is not a valid one (callers start
    /// a fresh trace instead of refusing the work).
    public init?(_ header: String) {
        guard let context = try? TraceContext(traceParentHeaderValue: header) else { return nil }
        self.init(context)
    }

    /// The root of a new trace: random trace and span ids, sampled.
    public static func fresh() -> TraceParent {
        TraceParent(TraceContext(traceID: .random(), spanID: .random(), flags: .sampled, state: TraceState()))
    }

    /// A new span in the same trace (same trace id and flags, a new random span id): the context of
    /// an event written or a request served while this one is current.
    public func child() -> TraceParent {
        TraceParent(TraceContext(traceID: context.traceID, spanID: .random(), flags: context.flags, state: TraceState()))
    }

    /// The context of serving a message that came with `header` (an HTTP request's `traceparent`):
    /// a new span in the caller's trace, or a fresh trace when there is no header or it is invalid.
    public static func serving(_ header: String?) -> TraceParent {
        header.flatMap(TraceParent.init)?.child() ?? .fresh()
    }

    /// The 32 lower-case hex digits of the trace id: what logs and searches use.
    public var traceID: String { context.traceID.description }

    /// The 16 lower-case hex digits of the span id.
    public var spanID: String { context.spanID.description }

    /// The `traceparent` value, e.g. `00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01`.
    public var header: String { context.traceParentHeaderValue }

    public var description: String { header }
}
