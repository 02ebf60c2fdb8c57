import Foundation

/// A throwaway certificate authority and a server certificate it signed, made with `openssl` in a
/// temporary folder, for TLS tests against local servers (valid for `localhost` and 127.0.0.1).
public struct TestCertificates: Sendable {
    /// The folder holding the files; remove it with ``remove()``.
    public let folder: URL
    /// The CA certificate (PEM): what a client trusts.
    public var authorityFile: String { folder.appendingPathComponent("ca.pem").path }
    /// The server's certificate (PEM), signed by the CA.
    public var serverCertificateFile: String { folder.appendingPathComponent("server.pem").path }
    /// The server's private key (PEM).
    public var serverKeyFile: String { folder.appendingPathComponent("server.key").path }

    /// Makes a CA and a server certificate for `localhost` / `127.0.0.1` valid for two days.
    public static func make() throws -> TestCertificates {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otop-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\n".utf8).write(to: folder.appendingPathComponent("san.ext"))
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=OTOP test CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.pem", "-days", "2", "-extfile", "san.ext"],
        ]
        for arguments in steps {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ToolFailed(tool: "openssl \(arguments[0])", status: process.terminationStatus, output: errorText)
            }
        }
        return TestCertificates(folder: folder)
    }

    /// Deletes the files.
    public func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A helper program the tests run exited with an error.
public struct ToolFailed: Error, CustomStringConvertible {
    public let tool: String
    public let status: Int32
    public let output: String

    public init(tool: String, status: Int32, output: String) {
        self.tool = tool
        self.status = status
        self.output = output
    }

    public var description: String { "\(tool) exited with status \(status): \(output)" }
}
