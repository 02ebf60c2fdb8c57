import Foundation
import TestSupport

/// Where the real SMTP server of the local infrastructure listens and files its mail, from
/// `SMTP_HOST`, `SMTP_PORT` and `OTOP_MAILDIR` (`eval "$(scripts/infra.sh env)"`).
struct IntegrationEnvironment {
    var host: String
    var port: Int
    /// The folder whose `new/` receives one file per message.
    var maildir: URL

    static func load() throws -> IntegrationEnvironment {
        let host = try TestEnvironment.require("SMTP_HOST")
        guard let port = Int(try TestEnvironment.require("SMTP_PORT")) else {
            throw TestEnvironment.Missing(variable: "SMTP_PORT (a number)")
        }
        let loaded = IntegrationEnvironment(host: host, port: port, maildir: URL(fileURLWithPath: try TestEnvironment.require("OTOP_MAILDIR")))
        try loaded.ensureMaildirFolders()
        return loaded
    }

    /// Creates the maildir's `tmp`, `new` and `cur` folders when they are missing. aiosmtpd's
    /// Mailbox handler only creates them for a maildir path that does not exist yet; when the
    /// start script has already made the (empty) folder, every delivery fails with
    /// `500 ... FileNotFoundError: .../tmp/...` until they exist. Idempotent.
    func ensureMaildirFolders() throws {
        for folder in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(at: maildir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    /// Waits for the file in `new/` whose headers carry `Message-ID: <messageID>`.
    func deliveredFile(messageID: String, timeout: Duration = .seconds(10)) async throws -> URL {
        try await deliveredFiles(messageIDs: [messageID], timeout: timeout)[messageID]!
    }

    /// Waits until every message id has its file in `new/`; reads each file at most once.
    func deliveredFiles(messageIDs: [String], timeout: Duration = .seconds(10)) async throws -> [String: URL] {
        let folder = maildir.appendingPathComponent("new")
        var found: [String: URL] = [:]
        var examined: Set<String> = []
        try await waitUntil("\(messageIDs.count) message(s) are filed in \(folder.path)", timeout: timeout) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where !examined.contains(name) {
                let url = folder.appendingPathComponent(name)
                guard let data = try? Data(contentsOf: url) else { continue }
                examined.insert(name)
                for id in messageIDs where found[id] == nil && data.range(of: Data("Message-ID: <\(id)>".utf8)) != nil {
                    found[id] = url
                }
            }
            return found.count == Set(messageIDs).count
        }
        return found
    }
}
