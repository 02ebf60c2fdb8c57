import Metrics
import Prometheus

/// The process-wide Prometheus registry behind swift-metrics; `/metrics` renders it.
public enum PrometheusBootstrap {
    /// Bootstraps swift-metrics with a Prometheus registry (once per process) and returns it.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}
