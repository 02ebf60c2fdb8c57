import ArgumentParser
import Foundation
import NotificationsService


/// `otopctl bench notifications`: messages per second the delivery worker hands to one channel's
/// server (the SMTP server of `SMTP_HOST`/`SMTP_PORT`, the LINE API of `LINE_API_URL`...), with the
/// notifications service's own settings from the environment. Empties the `notifications` schema of
/// `DATABASE_URL` first. Prints `channel=<c> messages=<n> seconds=<s> per_second=<r>`.
/// scripts/bench_notifications.sh runs it against the local SMTP server and LINE stand-in.
struct NotificationsBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Delivery throughput to one channel (empties the notifications schema of DATABASE_URL).")

    @Option(help: "email, line or sms.")
    var channel = "email"

    @Option(help: "Messages to deliver.")
    var messages = 500

    @Option(help: "Delivery lanes (concurrent sends).")
    var concurrency = 4

    func run() async throws {
        guard messages > 0, concurrency > 0 else { throw ValidationError("--messages and --concurrency must be positive") }
        let result = try await DeliveryBenchmark.run(channel: channel, messages: messages, concurrency: concurrency,
                                                     logger: CommandEnvironment.logger)
        print(String(format: "channel=%@ messages=%d seconds=%.3f per_second=%.1f", channel, result.messages, result.seconds,
                     result.perSecond))
    }
}
