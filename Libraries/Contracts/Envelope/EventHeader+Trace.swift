extension EventHeader {
    /// The event's trace context; `nil` when it carries no `traceparent` or an invalid one.
    public var trace: TraceParent? { traceparent.flatMap(TraceParent.init) }
}
