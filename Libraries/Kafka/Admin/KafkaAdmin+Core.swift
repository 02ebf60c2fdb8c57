import CRdKafka
import Logging

extension KafkaAdmin {
    /// The admin client's handle, thread and life cycle (running → closed, with close waiters).
    final class Core: Sendable {
        private struct State {
            var running = true
            var shutdownStarted = false
            var waiters: [CheckedContinuation<Void, Never>] = []
        }

        let client: RdKafkaClient
        let thread: KafkaClientThread
        let requestTimeout: Duration
        private let state = Locked(State())

        init(configuration: KafkaConfiguration, logger: Logger, requestTimeout: Duration) throws(KafkaError) {
            let client = try RdKafkaClient(
                type: RD_KAFKA_PRODUCER, properties: configuration.librdkafkaProperties(adding: [:]),
                events: RD_KAFKA_EVENT_LOG | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_STATS,
                configuration: configuration, logger: logger, operation: "create admin client")
            self.client = client
            self.requestTimeout = requestTimeout
            thread = KafkaClientThread(name: "kafka-\(client.name)", wake: client.wakeUp) {
                client.serveMainQueue(timeoutMilliseconds: 200)
            }
        }

        /// Runs `body` (on the thread) unless the client was shut down.
        func whileRunning<Value>(_ operation: String, _ body: () -> Result<Value, KafkaError>) -> Result<Value, KafkaError> {
            guard state.withLock({ $0.running }) else { return .failure(.clientClosed(operation)) }
            return body()
        }

        func startShutdown(continuation: CheckedContinuation<Void, Never>?) {
            let start = state.withLock { state -> Bool? in
                if !state.running { return nil }
                if let continuation { state.waiters.append(continuation) }
                defer { state.shutdownStarted = true }
                return !state.shutdownStarted
            }
            switch start {
            case nil: continuation?.resume()
            case false?: break
            case true?:
                thread.submit {
                    self.thread.finish()
                    let waiters = self.state.withLock { state in
                        state.running = false
                        defer { state.waiters.removeAll() }
                        return state.waiters
                    }
                    self.client.destroy()
                    for waiter in waiters { waiter.resume() }
                }
            }
        }
    }
}
