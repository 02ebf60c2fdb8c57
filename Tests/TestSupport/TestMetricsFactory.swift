import CoreMetrics
import Synchronization

/// A swift-metrics factory that keeps the last value of every gauge/recorder and the total of every
/// counter, by label and dimensions (a unit-test stand-in for the Prometheus exporter).
public final class TestMetricsFactory: MetricsFactory, Sendable {
    public struct Key: Hashable, Sendable {
        public var label: String
        public var dimensions: [String: String]
    }

    private let values = Mutex<[Key: Double]>([:])

    public init() {}

    /// The current value of metric `label` with exactly `dimensions`.
    public func value(_ label: String, _ dimensions: [String: String]) -> Double? {
        values.withLock { $0[Key(label: label, dimensions: dimensions)] }
    }

    /// Every series of `label`.
    public func series(_ label: String) -> [Key: Double] {
        values.withLock { $0.filter { $0.key.label == label } }
    }

    fileprivate func set(_ key: Key, _ value: Double) { values.withLock { $0[key] = value } }
    fileprivate func add(_ key: Key, _ value: Double) { values.withLock { $0[key, default: 0] += value } }
    fileprivate func remove(_ key: Key) { values.withLock { $0[key] = nil } }

    private func key(_ label: String, _ dimensions: [(String, String)]) -> Key {
        Key(label: label, dimensions: Dictionary(dimensions) { a, _ in a })
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(factory: self, key: key(label, dimensions))
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(factory: self, key: key(label, dimensions))
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(factory: self, key: key(label, dimensions))
    }

    public func destroyCounter(_ handler: any CounterHandler) { (handler as? Handler).map { remove($0.key) } }
    public func destroyRecorder(_ handler: any RecorderHandler) { (handler as? Handler).map { remove($0.key) } }
    public func destroyTimer(_ handler: any TimerHandler) { (handler as? Handler).map { remove($0.key) } }

    private final class Handler: CounterHandler, RecorderHandler, TimerHandler, Sendable {
        let factory: TestMetricsFactory
        let key: Key

        init(factory: TestMetricsFactory, key: Key) {
            self.factory = factory
            self.key = key
        }

        func increment(by amount: Int64) { factory.add(key, Double(amount)) }
        func reset() { factory.set(key, 0) }
        func record(_ value: Int64) { factory.set(key, Double(value)) }
        func record(_ value: Double) { factory.set(key, value) }
        func recordNanoseconds(_ duration: Int64) { factory.set(key, Double(duration)) }
    }
}
