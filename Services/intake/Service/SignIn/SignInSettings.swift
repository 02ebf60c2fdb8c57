import CodeSealing
import Foundation
import ServiceRuntime

/// How contact persons of enterprises and providers sign in with one-time codes and link LINE
/// (docs/configuration.md). Without `SIGNIN_CODE_KEY` the sign-in and linking routes answer 503;
/// without `LINE_CHANNEL_SECRET` the LINE webhook does.
public struct SignInSettings: Sendable {
    /// How many requests a key may make within ``RequestLimit/window``.
    public struct RequestLimit: Sendable, Equatable {
        public var count: Int
        public var window: Duration

        public init(count: Int, window: Duration) {
            self.count = count
            self.window = window
        }
    }

    /// The secret shared with notifications (codes sealed for it, and every digest intake stores).
    public var key: CodeKey?
    /// Code requests per typed phone or e-mail (which is per contact person: the identifier selects them).
    public var perContact: RequestLimit
    /// Code requests per client address (the person's IP as the portal forwards it; offices share one).
    public var perAddress: RequestLimit
    /// The LINE channel secret the webhook's `X-Line-Signature` is checked with.
    public var lineChannelSecret: String?

    /// A code's lifetime: 10 minutes (issue 15).
    public static let codeLifetime: TimeInterval = 600
    /// Tries per code: the sixth is refused whatever it is.
    public static let maxAttempts = 5
    /// A LINE linking code's lifetime.
    public static let linkCodeLifetime: TimeInterval = 600

    public init(key: CodeKey?, perContact: RequestLimit = RequestLimit(count: 5, window: .seconds(3600)),
                perAddress: RequestLimit = RequestLimit(count: 30, window: .seconds(3600)), lineChannelSecret: String? = nil) {
        self.key = key
        self.perContact = perContact
        self.perAddress = perAddress
        self.lineChannelSecret = lineChannelSecret
    }

    /// Sign-in, linking and the webhook off.
    public static let off = SignInSettings(key: nil)

    /// The settings in the environment; throws naming the variable for a malformed one.
    public static func from(_ environment: EnvironmentReader) throws(ConfigurationError) -> SignInSettings {
        var key: CodeKey?
        if let text = environment.optional("SIGNIN_CODE_KEY") {
            do {
                key = try CodeKey(base64: text)
            } catch {
                throw ConfigurationError(variable: "SIGNIN_CODE_KEY", problem: error.description)
            }
        }
        let minutes = try environment.int("INTAKE_SIGNIN_WINDOW_MINUTES", default: 60, in: 1...1440)
        let window = Duration.seconds(minutes * 60)
        let secret = environment.optional("LINE_CHANNEL_SECRET")
        if let secret, secret.utf8.count < 16 {
            throw ConfigurationError(variable: "LINE_CHANNEL_SECRET", problem: "must be the channel's secret (32 characters), found a shorter text")
        }
        return SignInSettings(
            key: key,
            perContact: RequestLimit(count: try environment.int("INTAKE_SIGNIN_CODES_PER_CONTACT", default: 5, in: 1...1000),
                                     window: window),
            perAddress: RequestLimit(count: try environment.int("INTAKE_SIGNIN_CODES_PER_ADDRESS", default: 30, in: 1...100_000),
                                     window: window),
            lineChannelSecret: secret)
    }
}
