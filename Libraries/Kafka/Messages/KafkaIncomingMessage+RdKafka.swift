import CRdKafka
import Foundation

extension KafkaIncomingMessage {
    /// Copies a consumed `rd_kafka_message_t` (without error) into Swift values.
    init(copying message: UnsafePointer<rd_kafka_message_t>) {
        let raw = message.pointee
        let topic = raw.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let key = raw.key.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.key_len)) }
        let value = raw.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.len)) } ?? []
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &timestampType)
        let timestamp = milliseconds >= 0 && timestampType != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
            ? Date(timeIntervalSince1970: Double(milliseconds) / 1000) : nil
        self.init(topic: topic, partition: raw.partition, offset: raw.offset, key: key, value: value,
                  headers: Self.headers(of: message), timestamp: timestamp)
    }

    private static func headers(of message: UnsafePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else {
            return []
        }
        var result: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let key = name.map { String(cString: $0) } ?? ""
            result.append(KafkaHeader(key: key, value: value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }))
            index += 1
        }
        return result
    }
}
