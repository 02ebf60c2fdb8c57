import AsyncHTTPClient
import Contracts
import Domain
import Foundation
import NIOCore
import NIOHTTP1

/// The LINE channel: the Messaging API's push (one user) or multicast (several users of one party)
/// with a text message. Each request carries `X-Line-Retry-Key` = the message row's id, so LINE
/// accepts a resend after a crash or a lost answer only once; its `409 Conflict` for a retry key it
/// has already accepted counts as delivered. Failure rules: ``HTTPFailureRules``.
struct LineSender: ChannelSender {
    let endpoint: HTTPChannelEndpoint
    let client: HTTPClient

    var channel: ContactChannel { .line }

    /// A LINE text message object.
    struct TextMessage: Encodable {
        var type = "text"
        var text: String
    }

    /// The JSON body LINE expects (`to` is one id for push, a list for multicast).
    struct PushBody<To: Encodable>: Encodable {
        var to: To
        var messages: [TextMessage]
    }

    func send(_ message: OutgoingMessage) async throws(DeliveryFailure) {
        guard let text = message.content.line else {
            throw .permanent("template \(message.template.rawValue) has no LINE part")
        }
        let base = endpoint.url.hasSuffix("/") ? String(endpoint.url.dropLast()) : endpoint.url
        let messages = [TextMessage(text: text)]
        let body: Data
        let path: String
        do {
            if message.recipients.count == 1 {
                path = "/v2/bot/message/push"
                body = try JSONEncoder().encode(PushBody(to: message.recipients[0].address, messages: messages))
            } else {
                path = "/v2/bot/message/multicast"
                body = try JSONEncoder().encode(PushBody(to: message.recipients.map(\.address), messages: messages))
            }
        } catch {
            throw .permanent("LINE message could not be encoded: \(error)")
        }
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(endpoint.token)")
        request.headers.add(name: "X-Line-Retry-Key", value: message.id.lowercased)
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        do {
            let response = try await client.execute(request, timeout: TimeAmount(endpoint.timeout))
            status = Int(response.status.code)
            _ = try await response.body.collect(upTo: 64 * 1024)
        } catch {
            throw HTTPFailureRules.failure(error: error, channel: "LINE")
        }
        // 409: a request with this retry key was already accepted (our earlier attempt got through).
        if status == 409 { return }
        if let failure = HTTPFailureRules.failure(status: status, channel: "LINE") { throw failure }
    }
}
