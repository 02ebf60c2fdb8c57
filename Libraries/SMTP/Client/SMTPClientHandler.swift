import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// Drives one ``SMTPStateMachine`` over one connection: parses replies, writes commands, keeps a
/// timer per step, and completes the promise ``SMTPClient`` waits on.
///
/// Logs command verbs and reply codes only: arguments carry addresses and secrets, and reply
/// texts may echo addresses.
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The inbound user event that cancels the conversation (fired when the calling task is cancelled).
    struct Cancel: Sendable {}

    private var stateMachine: SMTPStateMachine
    private var parser = SMTPReplyParser()
    private let messageData: [UInt8]
    private let timeout: TimeAmount
    private let promise: EventLoopPromise<Void>
    private let logger: Logger
    private let tls: SMTPTLSContext
    private var timer: Scheduled<Void>?

    init(stateMachine: SMTPStateMachine, messageData: [UInt8], timeout: TimeAmount, tls: SMTPTLSContext,
         promise: EventLoopPromise<Void>, logger: Logger) {
        self.stateMachine = stateMachine
        self.messageData = messageData
        self.timeout = timeout
        self.tls = tls
        self.promise = promise
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        armTimer(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        parser.append(buffer.readableBytesView)
        do {
            while let reply = try parser.nextReply() {
                logger.trace("smtp reply", metadata: ["smtp.stage": "\(stateMachine.stage)", "smtp.reply_code": "\(reply.code)"])
                run(stateMachine.replyReceived(reply), context: context)
            }
        } catch {
            run(stateMachine.failed(.protocolViolation, detail: error.detail), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        run(stateMachine.connectionClosed(), context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        run(stateMachine.failed(.connectionClosed, detail: "\(error)"), context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is Cancel {
            run(stateMachine.cancelled(), context: context)
        } else if case TLSUserEvent.handshakeCompleted = event {
            logger.trace("smtp tls established")
            run(stateMachine.tlsEstablished(), context: context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        // Normally already completed (a second completion is ignored); this only guards the promise
        // against a pipeline torn down before the connection became active.
        promise.fail(SMTPError(code: .connectionClosed, stage: .connect))
    }

    // MARK: Actions

    private func run(_ action: SMTPStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .send(let command):
            logger.trace("smtp command", metadata: ["smtp.command": "\(command.verb)"])
            write(Array(command.line.utf8), context: context)
        case .sendMessage:
            logger.trace("smtp message content", metadata: ["smtp.size_bytes": "\(messageData.count)"])
            write(messageData, context: context)
        case .startTLS:
            startTLS(context: context)
        case .finish(let result):
            timer?.cancel()
            timer = nil
            let promise = self.promise
            context.close().whenComplete { _ in promise.completeWith(result.mapError { $0 }) }
        case .none:
            break
        }
    }

    /// Puts TLS in front of this handler; the handshake starts at once and ends in
    /// `TLSUserEvent.handshakeCompleted` (or an error that the state machine reports as `tlsFailed`).
    private func startTLS(context: ChannelHandlerContext) {
        guard !parser.hasBufferedBytes else {
            // Bytes the server sent after its 220, still in plain text, would be read as if they came
            // through TLS (the STARTTLS command-injection flaw): refuse them.
            run(stateMachine.failed(.protocolViolation, detail: "the server sent data after its STARTTLS reply"), context: context)
            return
        }
        do {
            let handler = try tls.makeHandler()
            try context.pipeline.syncOperations.addHandler(handler, position: .first)
            armTimer(context: context)
        } catch {
            run(stateMachine.failed(.connectionClosed, detail: "TLS could not start: \(error)"), context: context)
        }
    }

    private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        armTimer(context: context)
    }

    private func armTimer(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.timer = nil
            self.logger.debug("smtp step timed out", metadata: ["smtp.stage": "\(self.stateMachine.stage)"])
            self.run(self.stateMachine.timedOut(), context: context)
        }
    }
}
