import AsyncHTTPClient
import Contracts
import Domain
import Foundation
import NIOCore
import NIOHTTP1

/// The SMS channel: one HTTPS POST of JSON to the gateway with every number of the party that takes
/// SMS, the short text, the sender name and the message row's id as `reference` (and
/// `Idempotency-Key` header), so a gateway that deduplicates can drop a resend. Failure rules:
/// ``HTTPFailureRules``.
///
/// ```json
/// {"to": ["+66812345678"], "text": "...", "sender": "OTOP-STI", "reference": "<message id>"}
/// ```
struct SMSSender: ChannelSender {
    let endpoint: HTTPChannelEndpoint
    let sender: String
    let client: HTTPClient

    var channel: ContactChannel { .sms }

    /// The gateway's JSON body.
    struct Body: Encodable {
        var to: [String]
        var text: String
        var sender: String
        var reference: String
    }

    func send(_ message: OutgoingMessage) async throws(DeliveryFailure) {
        guard let text = message.content.sms else {
            throw .permanent("template \(message.template.rawValue) has no SMS part")
        }
        let reference = message.id.lowercased
        let body: Data
        do {
            body = try JSONEncoder().encode(Body(to: message.recipients.map(\.address), text: text, sender: sender,
                                                 reference: reference))
        } catch {
            throw .permanent("SMS could not be encoded: \(error)")
        }
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(endpoint.token)")
        request.headers.add(name: "Idempotency-Key", value: reference)
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        do {
            let response = try await client.execute(request, timeout: TimeAmount(endpoint.timeout))
            status = Int(response.status.code)
            _ = try await response.body.collect(upTo: 64 * 1024)
        } catch {
            throw HTTPFailureRules.failure(error: error, channel: "SMS gateway")
        }
        if let failure = HTTPFailureRules.failure(status: status, channel: "SMS gateway") { throw failure }
    }
}
