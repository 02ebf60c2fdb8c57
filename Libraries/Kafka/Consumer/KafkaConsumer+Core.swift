import CRdKafka
import Logging

extension KafkaConsumer {
    /// The consumer's handle, queues, poll thread and state; the thread keeps it alive until closed.
    final class Core: Sendable {
        let client: RdKafkaClient
        let thread: KafkaClientThread
        private let state = Locked(StateMachine())
        /// Our reference to the consumer queue (`rd_kafka_queue_get_consumer`): messages and consumer errors.
        private let consumerQueue: RdKafkaQueue
        private let maxBatchSize: Int
        private let batchWait: Duration
        private let leavesGroupOnClose: Bool

        init(configuration: KafkaConsumerConfiguration, logger: Logger) throws(KafkaError) {
            var logger = logger
            logger[metadataKey: "kafka.group"] = .string(configuration.groupID)
            let client = try RdKafkaClient(
                type: RD_KAFKA_CONSUMER, properties: configuration.librdkafkaProperties,
                events: RD_KAFKA_EVENT_LOG | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_STATS | RD_KAFKA_EVENT_OFFSET_COMMIT,
                configuration: configuration.client, logger: logger, operation: "create consumer")
            let topics = rd_kafka_topic_partition_list_new(Int32(configuration.topics.count))
            for topic in configuration.topics {
                rd_kafka_topic_partition_list_add(topics, topic, -1)  // RD_KAFKA_PARTITION_UA
            }
            let error = rd_kafka_subscribe(client.handle, topics)
            rd_kafka_topic_partition_list_destroy(topics)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                client.destroy()
                throw KafkaError(error, operation: "subscribe to \(configuration.topics.joined(separator: ","))")
            }
            self.client = client
            self.consumerQueue = RdKafkaQueue(pointer: rd_kafka_queue_get_consumer(client.handle))
            self.maxBatchSize = max(1, configuration.maxBatchSize)
            self.batchWait = configuration.batchWait
            self.leavesGroupOnClose = configuration.leavesGroupOnClose
            thread = KafkaClientThread(name: "kafka-\(client.name)", wake: client.wakeUp) {
                client.serveMainQueue(timeoutMilliseconds: 200)
            }
        }

        /// On the thread: waits up to `batchWait` for a first message, then takes what else is ready.
        func fetchBatch() -> Result<[KafkaIncomingMessage], KafkaError> {
            guard state.withLock({ $0.phase }) == .running else { return .failure(.clientClosed("consume")) }
            if let fatal = client.fatalError { return .failure(fatal) }
            var messages: [KafkaIncomingMessage] = []
            guard let first = rd_kafka_consume_queue(consumerQueue.pointer, batchWait.timeoutMilliseconds) else {
                return .success([])
            }
            if let error = accept(first, into: &messages) { return .failure(error) }
            let more = maxBatchSize - 1
            if more > 0 {
                let buffer = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: more)
                defer { buffer.deallocate() }
                let count = rd_kafka_consume_batch_queue(consumerQueue.pointer, 0, buffer, more)
                var failure: KafkaError?
                for index in 0..<max(0, count) {
                    guard let message = buffer[index] else { continue }
                    if let error = accept(message, into: &messages), failure == nil { failure = error }
                }
                if let failure { return .failure(failure) }
            }
            return .success(messages)
        }

        /// Copies and destroys one consumed message; consumer errors are logged (transient) or
        /// returned (fatal).
        private func accept(_ message: UnsafeMutablePointer<rd_kafka_message_t>,
                            into messages: inout [KafkaIncomingMessage]) -> KafkaError? {
            defer { rd_kafka_message_destroy(message) }
            let error = message.pointee.err
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                messages.append(KafkaIncomingMessage(copying: message))
                return nil
            }
            if error == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
            if error == RD_KAFKA_RESP_ERR__FATAL {
                let fatal = client.fatalErrorDetail(operation: "consume")
                client.recordFatal(fatal)
                return fatal
            }
            let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
            client.logger.warning("consumer error (transient, librdkafka retries)", metadata: [
                "kafka.error": .string(KafkaError.Code(error).name),
                "kafka.message": .string(String(cString: rd_kafka_message_errstr(message))),
                "kafka.topic": .string(topic),
            ])
            return nil
        }

        func storeOffsets(for messages: [KafkaIncomingMessage]) throws(KafkaError) {
            guard !messages.isEmpty else { return }
            var next: [KafkaTopicPartition: Int64] = [:]
            for message in messages {
                let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
                next[partition] = max(next[partition] ?? 0, message.offset + 1)
            }
            let client = self.client
            let result: Result<[KafkaTopicPartition], KafkaError> = state.withLock { state in
                guard state.phase == .running else { return .failure(.clientClosed("store offsets")) }
                let list = rd_kafka_topic_partition_list_new(Int32(next.count))
                defer { rd_kafka_topic_partition_list_destroy(list) }
                for (partition, offset) in next {
                    rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition).pointee.offset = offset
                }
                let error = rd_kafka_offsets_store(client.handle, list)
                if error == RD_KAFKA_RESP_ERR__INVALID_ARG {
                    return .failure(KafkaError(error, operation: "store offsets"))
                }
                var skipped: [KafkaTopicPartition] = []
                for element in UnsafeBufferPointer(start: list!.pointee.elems, count: Int(list!.pointee.cnt)) {
                    let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                    switch element.err {
                    case RD_KAFKA_RESP_ERR_NO_ERROR:
                        continue
                    case RD_KAFKA_RESP_ERR__STATE, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
                        skipped.append(partition)
                    default:
                        return .failure(KafkaError(element.err, operation: "store offsets for \(partition)"))
                    }
                }
                return .success(skipped)
            }
            let skipped = try result.get()
            if !skipped.isEmpty {
                client.logger.debug("offsets not stored for partitions no longer assigned", metadata: [
                    "kafka.partitions": .string(skipped.sorted().map(\.description).joined(separator: ",")),
                ])
            }
        }

        /// On the thread: synchronous commit of the stored offsets.
        func commitStored() -> Result<Void, KafkaError> {
            guard state.withLock({ $0.phase }) == .running else { return .failure(.clientClosed("commit offsets")) }
            let error = rd_kafka_commit(client.handle, nil, 0)
            if error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR__NO_OFFSET { return .success(()) }
            return .failure(KafkaError(error, operation: "commit offsets",
                                       isFatal: error == RD_KAFKA_RESP_ERR__FATAL))
        }

        func assignment() -> [KafkaTopicPartition] {
            let client = self.client
            return state.withLock { state in
                guard state.phase == .running else { return [] }
                var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
                guard rd_kafka_assignment(client.handle, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
                defer { rd_kafka_topic_partition_list_destroy(list) }
                return UnsafeBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt)).map {
                    KafkaTopicPartition(topic: String(cString: $0.topic), partition: $0.partition)
                }.sorted()
            }
        }

        /// Starts (or joins) the close; `continuation` is resumed when the handle is destroyed.
        func startClose(continuation: CheckedContinuation<Void, Never>?) {
            switch state.withLock({ $0.beginClose(continuation) }) {
            case .done: continuation?.resume()
            case .wait: break
            case .start: thread.submit { self.closeOnThread() }
            }
        }

        /// On the thread: commit, LeaveGroup when `leavesGroupOnClose` (`rd_kafka_consumer_close`),
        /// then destroy; without LeaveGroup, the commit is synchronous and the destroy skips the
        /// consumer close (`RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE`).
        private func closeOnThread() {
            if leavesGroupOnClose {
                let error = rd_kafka_consumer_close(client.handle)
                if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                    client.logger.warning("consumer close failed", metadata: ["kafka.error": .string(KafkaError.Code(error).name)])
                }
            } else {
                let error = rd_kafka_commit(client.handle, nil, 0)
                if error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR__NO_OFFSET {
                    client.logger.warning("offset commit at close failed; the partitions' next owner reads those messages again",
                                          metadata: ["kafka.error": .string(KafkaError.Code(error).name)])
                }
            }
            client.serveMainQueue(timeoutMilliseconds: 0)
            thread.finish()
            let waiters = state.withLock { $0.closed() }
            rd_kafka_queue_destroy(consumerQueue.pointer)
            client.destroy(flags: leavesGroupOnClose ? 0 : RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
            for waiter in waiters { waiter.resume() }
        }
    }
}
