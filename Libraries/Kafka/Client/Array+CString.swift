extension Array where Element == CChar {
    /// A zero-filled buffer for librdkafka's `char *errstr, size_t errstr_size` arguments.
    static func errorBuffer() -> [CChar] { Array(repeating: 0, count: 512) }

    /// The NUL-terminated text librdkafka wrote into this buffer.
    var nulTerminatedString: String {
        String(decoding: prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
