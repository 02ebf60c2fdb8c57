/// Why a sign-in code can no longer be used (the `currentState` of a 410 answer).
enum SignInCodeState: String, Sendable, Equatable {
    /// No code has this id.
    case unknown
    /// Older than its 10 minutes.
    case expired
    /// Already verified once.
    case used
    /// Tried five times without success.
    case locked
    /// The right code, but the contact persons it was sent for no longer hold the phone or e-mail.
    case contactChanged
}
