import Logging

extension JSONLogHandler {
    /// Makes every logger of the process write JSON lines to standard output, with the current
    /// trace's id on each line (``Logging/Logger/MetadataProvider/trace``). Once per process.
    public static func bootstrap(service: String, instance: String, level: Logger.Level) {
        LoggingSystem.bootstrap({ label, metadataProvider in
            var handler = JSONLogHandler(label: label, service: service, instance: instance, level: level)
            handler.metadataProvider = metadataProvider
            return handler
        }, metadataProvider: .trace)
    }
}
