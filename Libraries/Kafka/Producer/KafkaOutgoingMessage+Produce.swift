import CRdKafka

extension KafkaOutgoingMessage {
    /// Enqueues this message on `handle` with `rd_kafka_produceva` (never blocks: a full queue is
    /// reported as `_QUEUE_FULL`). librdkafka copies key, value and headers (`RD_KAFKA_MSG_F_COPY`).
    /// `opaque` comes back in the delivery report. An empty `value` is produced as a null value
    /// (a tombstone on compacted topics).
    func produce(on handle: OpaquePointer, opaque: UInt) -> KafkaError? {
        let headerList = makeHeaders()
        let error: OpaquePointer? = topic.withCString { topicName in
            withOptionalBytes(key) { keyBytes in
                value.withUnsafeBytes { valueBytes in
                    var fields: [rd_kafka_vu_t] = []
                    fields.reserveCapacity(7)
                    var field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_TOPIC
                    field.u.cstr = topicName
                    fields.append(field)
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_PARTITION
                    field.u.i32 = partition ?? -1  // RD_KAFKA_PARTITION_UA: the partitioner decides
                    fields.append(field)
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    field.u.i = RD_KAFKA_MSG_F_COPY
                    fields.append(field)
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_VALUE
                    field.u.mem.ptr = valueBytes.isEmpty ? nil : UnsafeMutableRawPointer(mutating: valueBytes.baseAddress)
                    field.u.mem.size = valueBytes.count
                    fields.append(field)
                    if let keyBytes {
                        field = rd_kafka_vu_t()
                        field.vtype = RD_KAFKA_VTYPE_KEY
                        field.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyBytes.baseAddress)
                        field.u.mem.size = keyBytes.count
                        fields.append(field)
                    }
                    if let headerList {
                        field = rd_kafka_vu_t()
                        field.vtype = RD_KAFKA_VTYPE_HEADERS
                        field.u.headers = headerList
                        fields.append(field)
                    }
                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_OPAQUE
                    field.u.ptr = UnsafeMutableRawPointer(bitPattern: opaque)
                    fields.append(field)
                    return rd_kafka_produceva(handle, fields, fields.count)
                }
            }
        }
        guard let error else { return nil }  // the header list now belongs to librdkafka
        defer { rd_kafka_error_destroy(error) }
        if let headerList { rd_kafka_headers_destroy(headerList) }
        let code = rd_kafka_error_code(error)
        return KafkaError(code, operation: "produce to \(topic)", message: String(cString: rd_kafka_error_string(error)),
                          isFatal: rd_kafka_error_is_fatal(error) != 0 || code == RD_KAFKA_RESP_ERR__FATAL)
    }

    /// A librdkafka header list (copies of names and values), or `nil` without headers.
    private func makeHeaders() -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            if let value = header.value, !value.isEmpty {
                value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(list, header.key, -1, bytes.baseAddress, bytes.count)
                }
            } else if header.value != nil {
                // An empty value needs a non-null pointer: NULL would make it a null header.
                withUnsafeBytes(of: UInt8(0)) { byte in
                    _ = rd_kafka_header_add(list, header.key, -1, byte.baseAddress, 0)
                }
            } else {
                _ = rd_kafka_header_add(list, header.key, -1, nil, 0)
            }
        }
        return list
    }
}

/// Calls `body` with the bytes of `bytes`, or with `nil` when there are none.
private func withOptionalBytes<Result>(
    _ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Result
) -> Result {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}
