import CRdKafka
import Logging
import Synchronization

/// One librdkafka handle (`rd_kafka_t`) and a reference to its main queue, where the LOG, ERROR,
/// STATS, OFFSET_COMMIT and (for producers) DR events arrive (`rd_kafka_conf_set_events`; log lines
/// through `log.queue` + `rd_kafka_set_log_queue`). No librdkafka callback runs Swift code.
///
/// librdkafka's API is thread-safe; what is not safe is using the handle during or after
/// `destroy()`. Each owner (producer, consumer, admin) rules that out with its state machine, so
/// this class is `@unchecked Sendable`.
final class RdKafkaClient: @unchecked Sendable {
    /// The `rd_kafka_t *`.
    let handle: OpaquePointer
    /// Our reference to the main queue (`rd_kafka_queue_get_main`).
    let mainQueue: OpaquePointer
    /// librdkafka's instance name, e.g. `otop-intake#consumer-2`.
    let name: String
    /// Where librdkafka's log lines and transient errors go.
    let logger: Logger
    /// Parses statistics events and exports them; `nil` when statistics are off.
    let statistics: KafkaStatisticsExporter?
    /// The fatal error raised on this handle, once there is one.
    private let fatal = Mutex<KafkaError?>(nil)
    /// The last transient (non-fatal) error librdkafka reported, for diagnostics and tests.
    private let lastTransient = Mutex<KafkaError?>(nil)
    /// Told about a fatal error event, on the client's thread, after it was recorded and logged.
    private let onFatal: (@Sendable (KafkaError) -> Void)?

    /// Creates the handle from `properties` and enables `events` on it. `onFatal` is called (on the
    /// thread that serves the main queue) when a fatal error event arrives; it must not block.
    init(
        type: rd_kafka_type_t, properties: [String: String], events: Int32,
        configuration: KafkaConfiguration, logger: Logger, operation: String,
        onFatal: (@Sendable (KafkaError) -> Void)? = nil
    ) throws(KafkaError) {
        self.onFatal = onFatal
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(RD_KAFKA_RESP_ERR__CRIT_SYS_RESOURCE, operation: operation)
        }
        var errorText = [CChar].errorBuffer()
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, key, value, &errorText, errorText.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, operation: operation,
                                 message: "property \(key): \(errorText.nulTerminatedString)")
            }
        }
        rd_kafka_conf_set_events(conf, events)
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, operation: operation, message: errorText.nulTerminatedString)
        }
        self.handle = handle
        self.mainQueue = rd_kafka_queue_get_main(handle)
        self.name = String(cString: rd_kafka_name(handle))
        rd_kafka_set_log_queue(handle, nil)
        var logger = logger
        logger[metadataKey: "kafka.client"] = .string(name)
        self.logger = logger
        self.statistics = configuration.statisticsInterval == nil ? nil
            : KafkaStatisticsExporter(clientID: configuration.clientID, factory: configuration.metricsFactory)
    }

    /// The fatal error raised on this handle, if any.
    var fatalError: KafkaError? { fatal.withLock { $0 } }

    /// The most recent transient error librdkafka reported (they are logged, not thrown).
    var lastTransientError: KafkaError? { lastTransient.withLock { $0 } }

    /// Makes a running `serveMainQueue` return now (`rd_kafka_queue_yield`).
    func wakeUp() {
        rd_kafka_queue_yield(mainQueue)
    }

    /// Serves main-queue events: waits up to `timeoutMilliseconds` for the first, then handles
    /// whatever else is already queued (at most `limit` events). Delivery-report events go to
    /// `onDeliveryReport`; everything else is handled here.
    func serveMainQueue(timeoutMilliseconds: Int32, limit: Int = 10_000,
                        onDeliveryReport: ((OpaquePointer) -> Void)? = nil) {
        var timeout = timeoutMilliseconds
        for _ in 0..<limit {
            guard let event = rd_kafka_queue_poll(mainQueue, timeout) else { return }
            timeout = 0
            defer { rd_kafka_event_destroy(event) }
            switch rd_kafka_event_type(event) {
            case RD_KAFKA_EVENT_DR:
                onDeliveryReport?(event)
            case RD_KAFKA_EVENT_LOG:
                handleLog(event)
            case RD_KAFKA_EVENT_ERROR:
                handleError(event)
            case RD_KAFKA_EVENT_STATS:
                if let json = rd_kafka_event_stats(event) {
                    statistics?.ingest(json: String(cString: json), logger: logger)
                }
            case RD_KAFKA_EVENT_OFFSET_COMMIT:
                let error = rd_kafka_event_error(event)
                if error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR__NO_OFFSET {
                    logger.warning("offset commit failed", metadata: [
                        "kafka.error": .string(KafkaError.Code(error).name),
                        "kafka.message": .string(String(cString: rd_kafka_event_error_string(event))),
                    ])
                }
            default:
                break
            }
        }
    }

    /// Destroys the main-queue reference and the handle (blocking: joins librdkafka's threads).
    /// Every other queue reference must already be destroyed. `flags`: `rd_kafka_destroy_flags`'.
    func destroy(flags: Int32 = 0) {
        rd_kafka_queue_destroy(mainQueue)
        rd_kafka_destroy_flags(handle, flags)
    }

    /// The fatal error, with librdkafka's underlying code and reason (`rd_kafka_fatal_error`).
    func fatalErrorDetail(operation: String) -> KafkaError {
        var text = [CChar].errorBuffer()
        let code = rd_kafka_fatal_error(handle, &text, text.count)
        return KafkaError(code == RD_KAFKA_RESP_ERR_NO_ERROR ? RD_KAFKA_RESP_ERR__FATAL : code,
                          operation: operation, message: text.nulTerminatedString, isFatal: true)
    }

    /// Records a fatal error raised outside the main queue (e.g. in a consumer error message).
    func recordFatal(_ error: KafkaError) {
        fatal.withLock { if $0 == nil { $0 = error } }
    }

    private func handleLog(_ event: OpaquePointer) {
        var facility: UnsafePointer<CChar>?
        var text: UnsafePointer<CChar>?
        var level: Int32 = 0
        guard rd_kafka_event_log(event, &facility, &text, &level) == 0, let text else { return }
        let metadata: Logger.Metadata = ["kafka.facility": .string(facility.map { String(cString: $0) } ?? "")]
        logger.log(level: Self.loggerLevel(syslog: level), "\(String(cString: text))", metadata: metadata)
    }

    private func handleError(_ event: OpaquePointer) {
        let code = rd_kafka_event_error(event)
        let text = String(cString: rd_kafka_event_error_string(event))
        if rd_kafka_event_error_is_fatal(event) != 0 {
            let error = fatalErrorDetail(operation: name)
            recordFatal(error)
            logger.critical("fatal librdkafka error", metadata: ["kafka.error": .string(error.description)])
            onFatal?(error)
        } else {
            let error = KafkaError(code, operation: name, message: text)
            lastTransient.withLock { $0 = error }
            logger.warning("librdkafka error (transient, librdkafka retries)", metadata: [
                "kafka.error": .string(error.code.name), "kafka.message": .string(text),
            ])
        }
    }

    /// syslog(3) levels, as librdkafka uses them, to swift-log levels.
    static func loggerLevel(syslog level: Int32) -> Logger.Level {
        switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }
}
