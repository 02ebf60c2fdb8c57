import Logging
import NIOCore
import NIOPosix

/// Sends email over SMTP, one connection per message.
///
/// ```swift
/// var configuration = SMTPConfiguration(host: "mail.internal", port: 25)
/// let client = SMTPClient(configuration: configuration, logger: logger)
/// try await client.send(message)   // throws SMTPError; check isPermanent before retrying
/// ```
///
/// Logs the message id, the number of recipients, sizes and durations, never an address.
public struct SMTPClient: Sendable {
    /// Where and how to send.
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let tls: SMTPTLSContext

    /// A client for `configuration`, running its connections on `eventLoopGroup`.
    public init(configuration: SMTPConfiguration,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.tls = SMTPTLSContext(configuration: configuration)
    }

    /// Sends `message` on a new connection: greeting, `EHLO` (falling back to `HELO`), `STARTTLS`
    /// and `EHLO` again as ``SMTPConfiguration/startTLS`` says, `AUTH` when credentials are configured, `MAIL FROM`, `RCPT TO` for each recipient, `DATA`, the
    /// content, `QUIT`.
    ///
    /// Returns once the server has accepted the message for every recipient. All or nothing: if
    /// any recipient is refused, no content is sent. Each step waits at most
    /// ``SMTPConfiguration/timeout``. Cancelling the calling task closes the connection.
    ///
    /// - Throws: ``SMTPError`` naming the step that failed, the server's reply and whether a retry
    ///   can help (``SMTPError/isPermanent``).
    public func send(_ message: EmailMessage) async throws(SMTPError) {
        var logger = self.logger
        logger[metadataKey: "smtp.message_id"] = .string(message.messageID)
        logger[metadataKey: "smtp.recipients"] = .stringConvertible(message.to.count)

        do {
            try await deliver(message, logger: logger)
        } catch {
            logger.warning("email not delivered", metadata: ["smtp.error": .string(error.description)])
            throw error
        }
    }

    private func deliver(_ message: EmailMessage, logger: Logger) async throws(SMTPError) {
        try configuration.validate()
        try message.validate()
        let content = SMTPDataEncoding.dotStuffed(message.renderedMIME())
        let stateMachine = SMTPStateMachine(heloName: configuration.heloName, startTLS: configuration.startTLS,
                                            credentials: configuration.credentials,
                                            sender: message.from.address, recipients: message.to.map(\.address))
        guard !Task.isCancelled else { throw SMTPError(code: .cancelled, stage: .connect) }

        let started = ContinuousClock.now
        let timeout = TimeAmount(configuration.timeout)
        let eventLoop = eventLoopGroup.next()
        let tls = self.tls
        let promise = eventLoop.makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = SMTPClientHandler(stateMachine: stateMachine, messageData: content,
                                                        timeout: timeout, tls: tls, promise: promise, logger: logger)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            let smtpError = Self.connectError(error)
            promise.fail(smtpError)
            throw smtpError
        }

        do {
            try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                channel.pipeline.fireUserInboundEventTriggered(SMTPClientHandler.Cancel())
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(code: .connectionClosed, stage: .message, detail: "\(error)")
        }
        let elapsed = ContinuousClock.now - started
        logger.info("email delivered", metadata: [
            "smtp.size_bytes": .stringConvertible(content.count),
            "smtp.duration_ms": .stringConvertible((elapsed / .milliseconds(1)).rounded()),
        ])
    }

    /// The ``SMTPError`` for a connection that could not be opened.
    private static func connectError(_ error: any Error) -> SMTPError {
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return SMTPError(code: .timeout, stage: .connect, detail: "\(channelError)")
        }
        return SMTPError(code: .connectionFailed, stage: .connect, detail: "\(error)")
    }
}
