extension Duration {
    /// The duration in whole milliseconds (rounded down), as librdkafka's `*.ms` settings take it.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Milliseconds clamped to `0...Int32.max`, for librdkafka's `int timeout_ms` arguments.
    var timeoutMilliseconds: Int32 {
        Int32(clamping: max(0, wholeMilliseconds))
    }
}
