import Foundation
import Logging
import Postgres
import ServiceRuntime

/// The portal's settings, from the environment (docs/configuration.md, "portal"). A malformed value
/// stops the portal at start naming the variable.
public struct PortalConfiguration: Sendable {
    /// Whether session cookies carry `Secure`.
    public enum SecureCookies: String, Sendable, CaseIterable {
        /// When the request reached the portal over TLS: `X-Forwarded-Proto: https` from a trusted proxy.
        case auto
        /// Always (the portal is only reached over TLS).
        case always
        /// Never (local development over plain HTTP).
        case never
    }

    public var instance: String
    public var postgres: PostgresConfiguration
    public var databasePoolSize: Int
    public var httpHost: String
    public var httpPort: Int
    public var logLevel: Logger.Level
    /// Intake's base URL (`http://intake:8080`); the portal calls its `/v1` API.
    public var intakeURL: String
    /// How the portal signs the JWTs it sends to intake.
    public var token: TokenSettings
    /// Sessions: idle and absolute expiry.
    public var sessionIdle: Duration
    public var sessionAbsolute: Duration
    /// A contact person's session with "remember this phone" (`PORTAL_SESSION_REMEMBER_DAYS`, 30).
    public var sessionRemembered: Duration
    public var secureCookies: SecureCookies
    /// Addresses whose `X-Forwarded-For` / `X-Forwarded-Proto` the portal believes.
    public var trustedProxies: Set<String>
    /// bcrypt's cost (log2 rounds).
    public var bcryptCost: UInt8
    /// Sign-in throttling.
    public var throttle: SignInThrottle.Policy
    /// Each service's base URL for the operators' readiness page (`name=url,...`).
    public var serviceURLs: [(name: String, url: String)]
    public var environment: EnvironmentReader

    /// How the portal signs the JWTs it sends to intake.
    public struct TokenSettings: Sendable {
        public var issuer: String
        public var audience: String
        /// The ES256 private key (PEM, PKCS#8 or SEC1).
        public var privateKeyPEM: String
        /// The key's id (`kid`): intake finds the public key by it; a new id per key (rotation).
        public var keyID: String
        /// Lifetime of each token (60–600 s).
        public var lifetime: Duration
    }

    /// The settings in `environment`; `HTTP_PORT` defaults to `defaultHTTPPort` (deploy/services.txt's).
    public init(environment: EnvironmentReader = EnvironmentReader(), defaultHTTPPort: Int) throws(ConfigurationError) {
        self.environment = environment
        instance = environment.string("HOSTNAME", default: ProcessInfo.processInfo.hostName)
        let url = try environment.required("DATABASE_URL")
        do {
            var postgres = try PostgresConfiguration(url: url)
            postgres.applicationName = "otop-portal"
            self.postgres = postgres
        } catch {
            throw ConfigurationError(variable: "DATABASE_URL", problem: "is not a valid postgresql:// URL (\(error.message))")
        }
        databasePoolSize = try environment.int("DATABASE_POOL_SIZE", default: 8, in: 1...200)
        httpHost = environment.string("HTTP_HOST", default: "0.0.0.0")
        httpPort = try environment.int("HTTP_PORT", default: defaultHTTPPort, in: 1...65535)
        logLevel = try environment.oneOf("LOG_LEVEL", default: Logger.Level.info)
        intakeURL = environment.string("PORTAL_INTAKE_URL", default: "http://127.0.0.1:8080")
        guard intakeURL.hasPrefix("http://") || intakeURL.hasPrefix("https://") else {
            throw ConfigurationError(variable: "PORTAL_INTAKE_URL", problem: "must start with http:// or https://, found '\(intakeURL)'")
        }
        while intakeURL.hasSuffix("/") { intakeURL.removeLast() }
        var pem = environment.optional("PORTAL_JWT_PRIVATE_KEY")
        if pem == nil, let path = environment.optional("PORTAL_JWT_PRIVATE_KEY_FILE") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigurationError(variable: "PORTAL_JWT_PRIVATE_KEY_FILE", problem: "names a file that cannot be read: \(path)")
            }
            pem = text
        }
        // A key in one line (an .env file, a compose variable) writes its line breaks as `\n`.
        if let text = pem, !text.contains("\n"), text.contains("\\n") {
            pem = text.replacingOccurrences(of: "\\n", with: "\n")
        }
        guard let pem else {
            throw ConfigurationError(variable: "PORTAL_JWT_PRIVATE_KEY", problem: "is required (or PORTAL_JWT_PRIVATE_KEY_FILE): the ES256 key the portal signs intake's tokens with")
        }
        let keyID = try environment.required("PORTAL_JWT_KEY_ID")
        guard keyID.count <= 100, keyID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw ConfigurationError(variable: "PORTAL_JWT_KEY_ID", problem: "must be up to 100 letters, digits, '-', '_' or '.'")
        }
        token = TokenSettings(issuer: environment.string("PORTAL_JWT_ISSUER", default: "otop-portal"),
                              audience: environment.string("PORTAL_JWT_AUDIENCE", default: "otop-intake"),
                              privateKeyPEM: pem, keyID: keyID,
                              lifetime: .seconds(try environment.int("PORTAL_JWT_LIFETIME_SECONDS", default: 300, in: 60...600)))
        sessionIdle = .seconds(60 * (try environment.int("PORTAL_SESSION_IDLE_MINUTES", default: 30, in: 1...1440)))
        sessionAbsolute = .seconds(3600 * (try environment.int("PORTAL_SESSION_ABSOLUTE_HOURS", default: 12, in: 1...720)))
        sessionRemembered = .seconds(86400 * (try environment.int("PORTAL_SESSION_REMEMBER_DAYS", default: 30, in: 1...90)))
        secureCookies = try environment.oneOf("PORTAL_SECURE_COOKIES", default: SecureCookies.auto)
        trustedProxies = Set(environment.string("PORTAL_TRUSTED_PROXIES", default: "127.0.0.1,::1")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        bcryptCost = UInt8(try environment.int("PORTAL_BCRYPT_COST", default: 12, in: 10...16))
        var throttle = SignInThrottle.Policy()
        throttle.accountFreeFailures = try environment.int("PORTAL_SIGNIN_ACCOUNT_FAILURES", default: 5, in: 1...100)
        throttle.addressFreeFailures = try environment.int("PORTAL_SIGNIN_ADDRESS_FAILURES", default: 20, in: 1...1000)
        self.throttle = throttle
        serviceURLs = try Self.services(environment.string(
            "PORTAL_SERVICE_URLS",
            default: "intake=http://127.0.0.1:8080,matching=http://127.0.0.1:8081,certification=http://127.0.0.1:8082,notifications=http://127.0.0.1:8083"))
    }

    static func services(_ text: String) throws(ConfigurationError) -> [(name: String, url: String)] {
        var services: [(name: String, url: String)] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[1].hasPrefix("http") else {
                throw ConfigurationError(variable: "PORTAL_SERVICE_URLS", problem: "must be name=http://host:port[,...], found '\(item)'")
            }
            services.append((parts[0], parts[1].hasSuffix("/") ? String(parts[1].dropLast()) : parts[1]))
        }
        return services
    }
}
