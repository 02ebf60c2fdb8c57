import CRdKafka
import Logging

/// The blocking librdkafka requests of `KafkaAdmin`; each runs on the admin client's thread.
extension KafkaAdmin.Core {
    /// All topics and their partition ids (`rd_kafka_metadata`).
    func metadata(operation: String, timeout: Duration? = nil) -> Result<[KafkaTopicMetadata], KafkaError> {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(client.handle, 1, nil, &metadata,
                                      (timeout ?? requestTimeout).timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            return .failure(KafkaError(error, operation: operation))
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        let result = topics.compactMap { topic -> KafkaTopicMetadata? in
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
            let partitions = UnsafeBufferPointer(start: topic.partitions, count: Int(topic.partition_cnt))
            return KafkaTopicMetadata(name: String(cString: topic.topic), partitions: partitions.map(\.id).sorted())
        }
        return .success(result.sorted { $0.name < $1.name })
    }

    /// A metadata request for no topic (`all_topics` 0, no topic handle): the brokers only.
    func brokerCount(timeout: Duration) -> Result<Int, KafkaError> {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(client.handle, 0, nil, &metadata, timeout.timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            return .failure(KafkaError(error, operation: "query brokers"))
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        return .success(Int(metadata.pointee.broker_cnt))
    }

    /// `rd_kafka_query_watermark_offsets`.
    func watermarks(topic: String, partition: Int32, operation: String) -> Result<KafkaWatermarks, KafkaError> {
        var low: Int64 = -1
        var high: Int64 = -1
        let error = rd_kafka_query_watermark_offsets(client.handle, topic, partition, &low, &high,
                                                     requestTimeout.timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { return .failure(KafkaError(error, operation: operation)) }
        return .success(KafkaWatermarks(low: low, high: high))
    }

    /// Creates the missing topics and waits for all of them to show in the metadata.
    func ensureTopics(_ specs: [KafkaTopicSpec], deadline: ContinuousClock.Instant) -> Result<Void, KafkaError> {
        whileRunning("ensure topics") {
            let existing: [String: Int]
            switch metadata(operation: "ensure topics: read metadata", timeout: remaining(until: deadline)) {
            case .failure(let error): return .failure(error)
            case .success(let topics): existing = Dictionary(topics.map { ($0.name, $0.partitions.count) }) { a, _ in a }
            }
            for spec in specs {
                if let count = existing[spec.name], count != Int(spec.partitions) {
                    client.logger.notice("topic exists with another partition count; left as it is", metadata: [
                        "kafka.topic": .string(spec.name), "kafka.partitions": "\(count)",
                        "kafka.requested_partitions": "\(spec.partitions)",
                    ])
                }
            }
            let missing = specs.filter { existing[$0.name] == nil }
            if !missing.isEmpty, case .failure(let error) = createTopics(missing, deadline: deadline) {
                return .failure(error)
            }
            return waitUntilVisible(Set(specs.map(\.name)), deadline: deadline)
        }
    }

    /// `rd_kafka_CreateTopics`; a topic that already exists counts as created.
    private func createTopics(_ specs: [KafkaTopicSpec], deadline: ContinuousClock.Instant) -> Result<Void, KafkaError> {
        var errorText = [CChar].errorBuffer()
        var newTopics: [OpaquePointer?] = []
        defer { rd_kafka_NewTopic_destroy_array(&newTopics, newTopics.count) }
        for spec in specs {
            let operation = "create topic \(spec.name)"
            guard let topic = rd_kafka_NewTopic_new(spec.name, spec.partitions, Int32(spec.replicationFactor),
                                                    &errorText, errorText.count) else {
                return .failure(KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, operation: operation,
                                           message: errorText.nulTerminatedString))
            }
            newTopics.append(topic)
            for (name, value) in spec.config.sorted(by: { $0.key < $1.key }) {
                let error = rd_kafka_NewTopic_set_config(topic, name, value)
                guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    return .failure(KafkaError(error, operation: operation, message: "config \(name)=\(value) refused"))
                }
            }
        }
        let names = specs.map(\.name).joined(separator: ",")
        let timeout = remaining(until: deadline)
        let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.timeoutMilliseconds, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.timeoutMilliseconds, &errorText, errorText.count)
        let queue = rd_kafka_queue_new(client.handle)
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_CreateTopics(client.handle, &newTopics, newTopics.count, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout.timeoutMilliseconds + 1000) else {
            return .failure(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, operation: "create topics \(names)"))
        }
        defer { rd_kafka_event_destroy(event) }
        let requestError = rd_kafka_event_error(event)
        guard requestError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            return .failure(KafkaError(requestError, operation: "create topics \(names)",
                                       message: String(cString: rd_kafka_event_error_string(event))))
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            return .failure(KafkaError(RD_KAFKA_RESP_ERR__BAD_MSG, operation: "create topics \(names)",
                                       message: "no CreateTopics result in the reply event"))
        }
        var count = 0
        let results = rd_kafka_CreateTopics_result_topics(result, &count)
        for index in 0..<count {
            guard let topicResult = results?[index] else { continue }
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let error = rd_kafka_topic_result_error(topicResult)
            switch error {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                client.logger.info("topic created", metadata: ["kafka.topic": .string(name)])
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
                continue
            default:
                let message = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) }
                return .failure(KafkaError(error, operation: "create topic \(name)", message: message))
            }
        }
        return .success(())
    }

    /// `rd_kafka_DeleteTopics`; a topic that does not exist counts as deleted.
    func deleteTopics(_ names: [String], deadline: ContinuousClock.Instant) -> Result<Void, KafkaError> {
        let operation = "delete topics \(names.joined(separator: ","))"
        var deletions: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
        defer { rd_kafka_DeleteTopic_destroy_array(&deletions, deletions.count) }
        var errorText = [CChar].errorBuffer()
        let timeout = remaining(until: deadline)
        let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_DELETETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.timeoutMilliseconds, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.timeoutMilliseconds, &errorText, errorText.count)
        let queue = rd_kafka_queue_new(client.handle)
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_DeleteTopics(client.handle, &deletions, deletions.count, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout.timeoutMilliseconds + 1000) else {
            return .failure(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, operation: operation))
        }
        defer { rd_kafka_event_destroy(event) }
        let requestError = rd_kafka_event_error(event)
        guard requestError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            return .failure(KafkaError(requestError, operation: operation,
                                       message: String(cString: rd_kafka_event_error_string(event))))
        }
        guard let result = rd_kafka_event_DeleteTopics_result(event) else {
            return .failure(KafkaError(RD_KAFKA_RESP_ERR__BAD_MSG, operation: operation,
                                       message: "no DeleteTopics result in the reply event"))
        }
        var count = 0
        let results = rd_kafka_DeleteTopics_result_topics(result, &count)
        for index in 0..<count {
            guard let topicResult = results?[index] else { continue }
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let error = rd_kafka_topic_result_error(topicResult)
            switch error {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                client.logger.info("topic deleted", metadata: ["kafka.topic": .string(name)])
            case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
                continue
            default:
                let message = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) }
                return .failure(KafkaError(error, operation: "delete topic \(name)", message: message))
            }
        }
        return .success(())
    }

    /// Polls the metadata (serving the event queue in between) until every name has partitions.
    private func waitUntilVisible(_ names: Set<String>, deadline: ContinuousClock.Instant) -> Result<Void, KafkaError> {
        var missing = names
        while true {
            if case .success(let topics) = metadata(operation: "ensure topics: read metadata",
                                                    timeout: remaining(until: deadline)) {
                let visible = Set(topics.filter { !$0.partitions.isEmpty }.map(\.name))
                missing = names.subtracting(visible)
                if missing.isEmpty { return .success(()) }
            }
            guard ContinuousClock.now < deadline else {
                return .failure(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT,
                                           operation: "wait for topics \(missing.sorted().joined(separator: ","))",
                                           message: "the topics did not appear in the metadata in time"))
            }
            client.serveMainQueue(timeoutMilliseconds: 100)
        }
    }

    private func remaining(until deadline: ContinuousClock.Instant) -> Duration {
        max(.milliseconds(1), deadline - .now)
    }
}
