import AsyncHTTPClient
import CodeSealing
import Contracts
import Domain
import Foundation
import Messaging
import SMTP
import ServiceRuntime

/// The notifications service's settings from the environment (see docs/configuration.md). Tokens and
/// passwords come only from here and are never logged.
struct NotificationsConfiguration: Sendable {
    var smtp: SMTPConfiguration
    var from: EmailAddress
    /// LINE Messaging API; `nil` when `LINE_CHANNEL_TOKEN` is unset (LINE messages then fail, named).
    var line: HTTPChannelEndpoint?
    /// The SMS gateway; `nil` when `SMS_GATEWAY_URL` is unset.
    var sms: HTTPChannelEndpoint?
    var smsSender: String
    /// Messages per second per channel; `nil` = unlimited.
    var rateLimits: [ContactChannel: RateLimit]
    var delivery: DeliveryConfiguration
    var digest: DigestSchedule
    var portalURL: String
    /// Opens the sign-in codes intake seals (`SIGNIN_CODE_KEY`, the same key as intake's).
    var signInCodeKey: CodeKey?

    /// `programme` names the sender of e-mails unless `SMTP_FROM_NAME` does.
    init(_ env: EnvironmentReader, programme: ProgrammeIdentity = .bundledDefault) throws(ConfigurationError) {
        smtp = SMTPConfiguration(host: env.string("SMTP_HOST", default: "127.0.0.1"),
                                 port: try env.int("SMTP_PORT", default: 25, in: 1...65535))
        smtp.username = env.optional("SMTP_USERNAME")
        smtp.password = env.optional("SMTP_PASSWORD")
        smtp.startTLS = try env.oneOf("SMTP_STARTTLS", default: SMTPStartTLSPolicy.opportunistic)
        smtp.trustedCertificatesFile = env.optional("SMTP_CA_FILE")
        smtp.tlsServerName = env.optional("SMTP_TLS_SERVER_NAME")
        smtp.timeout = try env.milliseconds("SMTP_TIMEOUT_MS", default: .seconds(30), in: 100...600_000)
        from = EmailAddress(env.string("SMTP_FROM", default: "no-reply@otop-sti.local"),
                            name: env.string("SMTP_FROM_NAME", default: programme.senderName))

        let timeout = try env.milliseconds("NOTIFICATIONS_HTTP_TIMEOUT_MS", default: .seconds(10), in: 100...120_000)
        if let token = env.optional("LINE_CHANNEL_TOKEN") {
            line = HTTPChannelEndpoint(url: env.string("LINE_API_URL", default: "https://api.line.me"), token: token, timeout: timeout)
        }
        if let url = env.optional("SMS_GATEWAY_URL") {
            sms = HTTPChannelEndpoint(url: url, token: try env.required("SMS_GATEWAY_TOKEN"), timeout: timeout)
        }
        smsSender = env.string("SMS_SENDER", default: "OTOP-STI")

        rateLimits = [:]
        for (channel, variable, fallback) in [(ContactChannel.email, "NOTIFICATIONS_RATE_EMAIL", "off"),
                                              (.line, "NOTIFICATIONS_RATE_LINE", "100"),
                                              (.sms, "NOTIFICATIONS_RATE_SMS", "10")] {
            let text = env.string(variable, default: fallback).lowercased()
            if text == "off" || text == "0" { continue }
            guard let perSecond = Double(text), perSecond > 0, perSecond.isFinite else {
                throw ConfigurationError(variable: variable, problem: "must be messages per second (a positive number) or off, found '\(text)'")
            }
            rateLimits[channel] = RateLimit(perSecond: perSecond, burst: max(1, Int(perSecond)))
        }

        delivery = DeliveryConfiguration()
        delivery.maxAttempts = try env.int("NOTIFICATIONS_MAX_ATTEMPTS", default: 8, in: 1...100)
        delivery.retry = RetryPolicy(
            initialDelay: try env.milliseconds("NOTIFICATIONS_RETRY_INITIAL_MS", default: .seconds(5), in: 10...3_600_000),
            maximumDelay: try env.milliseconds("NOTIFICATIONS_RETRY_MAXIMUM_MS", default: .seconds(1800), in: 10...86_400_000))
        delivery.concurrency = try env.int("NOTIFICATIONS_DELIVERY_CONCURRENCY", default: 4, in: 1...64)
        delivery.dataRecheck = try env.milliseconds("NOTIFICATIONS_DATA_RECHECK_MS", default: .seconds(30), in: 10...3_600_000)

        let weekday = env.string("NOTIFICATIONS_DIGEST_WEEKDAY", default: "monday")
        let time = env.string("NOTIFICATIONS_DIGEST_TIME", default: "08:00")
        let catchUp = try env.int("NOTIFICATIONS_DIGEST_CATCHUP_HOURS", default: 24, in: 0...168)
        guard let schedule = DigestSchedule(weekday: weekday, time: time, catchUp: TimeInterval(catchUp * 3600)) else {
            throw ConfigurationError(variable: "NOTIFICATIONS_DIGEST_WEEKDAY/NOTIFICATIONS_DIGEST_TIME",
                                     problem: "must be a weekday (monday…sunday or 1…7) and HH:MM, found '\(weekday)' '\(time)'")
        }
        digest = schedule
        portalURL = env.string("NOTIFICATIONS_PORTAL_URL", default: "https://otop-sti.example")
        if let key = env.optional("SIGNIN_CODE_KEY") {
            do {
                signInCodeKey = try CodeKey(base64: key)
            } catch {
                throw ConfigurationError(variable: "SIGNIN_CODE_KEY", problem: error.description)
            }
        }
    }
}
