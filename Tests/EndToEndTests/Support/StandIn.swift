import Foundation
import TestSupport

/// A LINE or SMS-gateway stand-in (`scripts/standins/http_standin.py`) on a free port, and what it
/// recorded: one JSON file per request it received.
struct StandIn: Sendable {
    /// One request the stand-in received.
    struct Received: Sendable {
        let path: String
        let status: Int
        let key: String?
        let authorized: Bool
        /// The texts of a LINE body's messages, or an SMS body's text.
        let texts: [String]
        /// LINE `to` (one id or a list) or the SMS `to` list.
        let recipients: [String]
        /// The SMS body's `reference`.
        let reference: String?

        init(path: String, status: Int, key: String?, authorized: Bool, body: [String: Any]) {
            self.path = path
            self.status = status
            self.key = key
            self.authorized = authorized
            if let messages = body["messages"] as? [[String: Any]] {
                texts = messages.compactMap { $0["text"] as? String }
            } else {
                texts = (body["text"] as? String).map { [$0] } ?? []
            }
            recipients = (body["to"] as? String).map { [$0] } ?? body["to"] as? [String] ?? []
            reference = body["reference"] as? String
        }
    }

    let server: ScriptServer
    let token: String

    var url: String { "http://127.0.0.1:\(server.port)" }

    static func start(_ kind: String, token: String = "standin-\(UUID().uuidString.prefix(8))", arguments: [String] = []) async throws -> StandIn {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otop-\(kind)-standin-\(UUID().uuidString)")
        let server = try await ScriptServer(script: "http_standin.py", arguments: [
            "--kind", kind, "--out", folder.appendingPathComponent("received").path, "--token", token,
        ] + arguments, folder: folder)
        return StandIn(server: server, token: token)
    }

    /// Everything received so far, in arrival order.
    func received() -> [Received] {
        let folder = server.folder.appendingPathComponent("received")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return Received(path: object["path"] as? String ?? "", status: object["status"] as? Int ?? 0,
                            key: object["key"] as? String, authorized: object["authorized"] as? Bool ?? false,
                            body: object["body"] as? [String: Any] ?? [:])
        }
    }

    func stop() { server.stop() }
}
