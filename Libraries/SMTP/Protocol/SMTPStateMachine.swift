/// The client side of one SMTP conversation (RFC 5321), as a value that takes events and returns
/// what to do next: greeting, `EHLO` (falling back to `HELO`), `STARTTLS` and the handshake and a
/// second `EHLO` (RFC 3207) as the ``SMTPStartTLSPolicy`` says, optional `AUTH PLAIN`/`AUTH LOGIN`,
/// `MAIL FROM`, one `RCPT TO` per recipient, `DATA`, the content, `QUIT`.
///
/// It does no I/O: ``SMTPClientHandler`` feeds it replies, timeouts and connection events and
/// carries out the returned ``Action``. After a refusal it still says `QUIT` politely, then
/// finishes with the refusal; after the content is accepted, anything that goes wrong with `QUIT`
/// no longer matters.
struct SMTPStateMachine {
    /// What the driver must do next.
    enum Action {
        /// Write the command and wait for its reply.
        case send(SMTPCommand)
        /// Write the dot-stuffed message content and wait for the server's verdict.
        case sendMessage
        /// Start the TLS handshake on the connection, then report ``tlsEstablished()``.
        case startTLS
        /// Close the connection and report the result: delivered or why not.
        case finish(Result<Void, SMTPError>)
        /// Nothing to do.
        case none
    }

    enum State {
        case awaitingGreeting
        case ehloSent
        case heloSent
        case startTLSSent
        case tlsHandshaking
        case authPlainSent
        case authPlainResponseSent
        case authLoginSent
        case authLoginUsernameSent
        case authLoginPasswordSent
        case mailFromSent
        case rcptToSent(index: Int)
        case dataSent
        case messageSent
        case quitSent(Result<Void, SMTPError>)
        case finished
    }

    private(set) var state: State = .awaitingGreeting
    private(set) var capabilities = SMTPCapabilities()
    /// Whether the connection is encrypted (the `STARTTLS` handshake completed).
    private(set) var isEncrypted = false
    private let startTLS: SMTPStartTLSPolicy
    private let heloName: String
    private let credentials: SMTPCredentials?
    private let sender: String
    private let recipients: [String]

    /// A conversation that introduces itself as `heloName`, upgrades to TLS as `startTLS` says,
    /// authenticates with `credentials` when given, and sends from `sender` to `recipients` (at least one).
    init(heloName: String, startTLS: SMTPStartTLSPolicy = .opportunistic, credentials: SMTPCredentials?, sender: String,
         recipients: [String]) {
        precondition(!recipients.isEmpty, "a message needs at least one recipient")
        self.startTLS = startTLS
        self.heloName = heloName
        self.credentials = credentials
        self.sender = sender
        self.recipients = recipients
    }

    /// The step a timeout or a closed connection interrupts.
    var stage: SMTPError.Stage {
        switch state {
        case .awaitingGreeting: .greeting
        case .ehloSent: .ehlo
        case .heloSent: .helo
        case .startTLSSent, .tlsHandshaking: .startTLS
        case .authPlainSent, .authPlainResponseSent, .authLoginSent, .authLoginUsernameSent, .authLoginPasswordSent: .auth
        case .mailFromSent: .mailFrom
        case .rcptToSent: .rcptTo
        case .dataSent: .data
        case .messageSent, .quitSent, .finished: .message
        }
    }

    /// The error for a failure in the current stage (naming the recipient while `RCPT TO` waits).
    /// Reads `state` once, into locals: reading it inside a closure here crashed the optimizer
    /// (Swift 6.3.1 CopyPropagation, release builds).
    private func failure(_ code: SMTPError.Code, reply: SMTPReply? = nil, detail: String? = nil) -> SMTPError {
        let currentStage = stage
        let index = recipientIndex
        let count: Int? = index == nil ? nil : recipients.count
        return SMTPError(code: code, stage: currentStage, reply: reply, detail: detail, recipientIndex: index, recipientCount: count)
    }

    /// The index of the recipient whose `RCPT TO` is waiting for a reply.
    private var recipientIndex: Int? {
        if case .rcptToSent(let index) = state { return index }
        return nil
    }

    // MARK: Events

    /// The server sent a complete reply.
    mutating func replyReceived(_ reply: SMTPReply) -> Action {
        switch state {
        case .quitSent(let result):
            state = .finished
            return .finish(result)
        case .finished:
            return .none
        default:
            break
        }
        if case .tlsHandshaking = state {
            // The driver hands the connection to TLS at once; a reply now is not SMTP.
            return finish(code: .protocolViolation, detail: "a reply arrived during the TLS handshake")
        }
        if reply.code == 421 {
            // The server is shutting the connection down: no QUIT.
            let error = failure(.rejected, reply: reply)
            state = .finished
            return .finish(.failure(error))
        }
        switch state {
        case .awaitingGreeting:
            guard reply.code == 220 else { return refuse(reply) }
            state = .ehloSent
            return .send(.ehlo(heloName))

        case .ehloSent:
            if reply.code == 250 {
                capabilities = SMTPCapabilities(ehloReply: reply)
                return upgradeOrContinue()
            }
            guard reply.isPermanentFailure else { return refuse(reply) }
            state = .heloSent
            return .send(.helo(heloName))

        case .heloSent:
            guard reply.code == 250 else { return refuse(reply) }
            capabilities = SMTPCapabilities()
            return upgradeOrContinue()

        case .startTLSSent:
            // A refusal after the offer is an error even when TLS is only opportunistic: a silent
            // fall-back to plain text is what a downgrade attack would look like.
            guard reply.code == 220 else { return refuse(reply) }
            state = .tlsHandshaking
            return .startTLS

        case .authPlainSent:
            if reply.code == 334, let credentials {
                // The server ignored the initial response and asks for it.
                state = .authPlainResponseSent
                return .send(.authResponse(SMTPCommand.plainResponse(credentials)))
            }
            return authenticated(reply)

        case .authPlainResponseSent, .authLoginPasswordSent:
            return authenticated(reply)

        case .authLoginSent:
            guard reply.code == 334, let credentials else { return refuse(reply) }
            state = .authLoginUsernameSent
            return .send(.authResponse(SMTPCommand.base64(credentials.username)))

        case .authLoginUsernameSent:
            guard reply.code == 334, let credentials else { return refuse(reply) }
            state = .authLoginPasswordSent
            return .send(.authResponse(SMTPCommand.base64(credentials.password)))

        case .mailFromSent:
            guard reply.isPositiveCompletion else { return refuse(reply) }
            state = .rcptToSent(index: 0)
            return .send(.rcptTo(recipients[0]))

        case .rcptToSent(let index):
            guard reply.isPositiveCompletion else { return refuse(reply) }
            if index + 1 < recipients.count {
                state = .rcptToSent(index: index + 1)
                return .send(.rcptTo(recipients[index + 1]))
            }
            state = .dataSent
            return .send(.data)

        case .dataSent:
            guard reply.code == 354 else { return refuse(reply) }
            state = .messageSent
            return .sendMessage

        case .messageSent:
            guard reply.isPositiveCompletion else { return refuse(reply) }
            state = .quitSent(.success(()))
            return .send(.quit)

        case .quitSent, .finished, .tlsHandshaking:
            preconditionFailure("handled above")
        }
    }

    /// The TLS handshake completed: capabilities learnt before it are forgotten and `EHLO` is sent
    /// again (RFC 3207 section 4.2).
    mutating func tlsEstablished() -> Action {
        guard case .tlsHandshaking = state else { return .none }
        isEncrypted = true
        capabilities = SMTPCapabilities()
        state = .ehloSent
        return .send(.ehlo(heloName))
    }

    /// No reply (or no greeting) arrived within the timeout.
    mutating func timedOut() -> Action {
        finish(code: .timeout, detail: nil)
    }

    /// The connection closed.
    mutating func connectionClosed() -> Action {
        finish(code: .connectionClosed, detail: nil)
    }

    /// The connection failed (a reset, a write error) or the server sent something that is not SMTP.
    mutating func failed(_ code: SMTPError.Code, detail: String) -> Action {
        finish(code: code, detail: detail)
    }

    /// The caller gave up.
    mutating func cancelled() -> Action {
        finish(code: .cancelled, detail: nil)
    }

    // MARK: Steps

    /// After `EHLO`/`HELO`: `STARTTLS` when the policy asks for it and the connection is still plain.
    private mutating func upgradeOrContinue() -> Action {
        guard !isEncrypted, startTLS != .off else { return authenticateOrSendMailFrom() }
        if capabilities.keywords.contains("STARTTLS") {
            state = .startTLSSent
            return .send(.startTLS)
        }
        guard startTLS == .required else { return authenticateOrSendMailFrom() }
        let error = SMTPError(code: .tlsUnavailable, stage: .startTLS, detail: "the server does not offer STARTTLS")
        state = .quitSent(.failure(error))
        return .send(.quit)
    }

    private mutating func authenticateOrSendMailFrom() -> Action {
        guard let credentials else {
            state = .mailFromSent
            return .send(.mailFrom(sender))
        }
        if capabilities.authMechanisms.contains("PLAIN") {
            state = .authPlainSent
            return .send(.authPlain(credentials))
        }
        if capabilities.authMechanisms.contains("LOGIN") {
            state = .authLoginSent
            return .send(.authLogin)
        }
        let offered = capabilities.authMechanisms.sorted().joined(separator: " ")
        let error = SMTPError(code: .authenticationUnavailable, stage: .auth,
                              detail: offered.isEmpty ? "the server offers no AUTH" : "the server offers only AUTH \(offered)")
        state = .quitSent(.failure(error))
        return .send(.quit)
    }

    private mutating func authenticated(_ reply: SMTPReply) -> Action {
        guard reply.code == 235 else { return refuse(reply) }
        state = .mailFromSent
        return .send(.mailFrom(sender))
    }

    /// The server refused the step (or answered out of turn): say QUIT, then fail with the reply.
    private mutating func refuse(_ reply: SMTPReply) -> Action {
        let code: SMTPError.Code = reply.isTransientFailure || reply.isPermanentFailure ? .rejected : .protocolViolation
        let error = failure(code, reply: reply, detail: code == .protocolViolation ? "unexpected reply code \(reply.code)" : nil)
        state = .quitSent(.failure(error))
        return .send(.quit)
    }

    /// Ends the conversation without a reply to wait for: a success once the content was
    /// accepted (the QUIT exchange is a courtesy), the given failure otherwise.
    private mutating func finish(code: SMTPError.Code, detail: String?) -> Action {
        switch state {
        case .finished:
            return .none
        case .quitSent(let result):
            state = .finished
            return .finish(result)
        case .tlsHandshaking where code == .connectionClosed:
            // The handshake broke (NIOSSL reports it as a failed or closed connection).
            let error = failure(.tlsFailed, detail: detail)
            state = .finished
            return .finish(.failure(error))
        default:
            let error = failure(code, detail: detail)
            state = .finished
            return .finish(.failure(error))
        }
    }
}
