/// An `rd_kafka_queue_t *` reference. librdkafka queues are thread-safe; its owner destroys it once,
/// after its last use (guarded by the owner's state machine).
struct RdKafkaQueue: @unchecked Sendable {
    let pointer: OpaquePointer
}
