import Contracts
import Foundation
import Synchronization
@testable import NotificationsService

/// A channel sender for unit tests: fails with the scripted failures first, then delivers; records
/// every message it was asked to send.
final class ScriptedSender: ChannelSender {
    let channel: ContactChannel
    private let state: Mutex<(script: [DeliveryFailure], sent: [OutgoingMessage], attempts: Int)>

    init(_ channel: ContactChannel, failures: [DeliveryFailure] = []) {
        self.channel = channel
        state = Mutex((failures, [], 0))
    }

    var sent: [OutgoingMessage] { state.withLock { $0.sent } }
    var attempts: Int { state.withLock { $0.attempts } }

    func send(_ message: OutgoingMessage) async throws(DeliveryFailure) {
        let failure = state.withLock { state -> DeliveryFailure? in
            state.attempts += 1
            if !state.script.isEmpty { return state.script.removeFirst() }
            state.sent.append(message)
            return nil
        }
        if let failure { throw failure }
    }
}
