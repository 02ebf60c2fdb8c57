import Foundation

/// What the wording needs besides the facts: the recipient's name and what notifications knows about
/// the request and the provider involved.
struct MessageContext: Sendable, Equatable {
    /// The party's display name (an organisation, or an officer's office), used in greetings.
    var recipientName: String
    /// The request the message is about, when it is about one.
    var request: RequestSummary?
    /// The name of the provider the facts name, when they name one.
    var providerName: String?
    /// The other party of an assignment and its person to call (the `assigned-*` messages; `nil`
    /// when its contact persons were erased).
    var counterpart: Counterpart? = nil
    /// A sign-in code's digits, opened from the sealed code just before rendering (never stored).
    var signInCode: String? = nil
}
