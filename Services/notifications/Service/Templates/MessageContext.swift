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
    /// A sign-in code's digits, opened from the sealed code just before rendering (never stored).
    var signInCode: String?

    init(recipientName: String, request: RequestSummary?, providerName: String?, signInCode: String? = nil) {
        self.recipientName = recipientName
        self.request = request
        self.providerName = providerName
        self.signInCode = signInCode
    }
}
