import Foundation
import Synchronization
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scripted one-connection SMTP server on 127.0.0.1 with blocking POSIX sockets on its own
/// thread, for error-handling tests (the real aiosmtpd cannot be told to refuse a recipient).
///
/// It sends `greeting` (or nothing, to test timeouts), records every command line, answers each
/// with `respond(line)` (`nil` closes the connection), and after a `354` reads the content up to
/// the end-of-data line, records it, and answers with `respond(".")`.
final class FakeSMTPServer: Sendable {
    /// The port the server listens on.
    let port: Int
    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var commands: [String] = []
        var content: String?
        var connected = false
        var listenerOpen = true
    }

    /// The command lines received so far, without CRLF.
    var commands: [String] { state.withLock { $0.commands } }
    /// The content received after `DATA` (still dot-stuffed, without the end-of-data line).
    var content: String? { state.withLock { $0.content } }
    /// Whether a client has connected.
    var hasConnection: Bool { state.withLock { $0.connected } }

    init(greeting: String? = "220 fake.test ESMTP", respond: @escaping @Sendable (String) -> String?) throws {
        (listener, port) = try bindLoopbackSocket(listenBacklog: 4)
        let thread = Thread { [self] in self.serve(greeting: greeting, respond: respond) }
        thread.start()
    }

    /// Stops waiting for a connection (when the test never connects). Does not touch a
    /// connection in progress: that one ends when the client closes it.
    func stop() {
        state.withLock { state in
            if state.listenerOpen { shutdown(listener, Int32(SHUT_RDWR)) }
        }
    }

    private func serve(greeting: String?, respond: @Sendable (String) -> String?) {
        let connection = accept(listener, nil, nil)
        state.withLock { state in
            close(listener)
            state.listenerOpen = false
            state.connected = connection >= 0
        }
        guard connection >= 0 else { return }
        defer { close(connection) }
        var reader = LineReader(fd: connection)
        if let greeting { guard send(greeting, to: connection) else { return } }
        while let line = reader.nextLine() {
            state.withLock { $0.commands.append(line) }
            guard let reply = respond(line), send(reply, to: connection) else { return }
            if reply.hasPrefix("354") {
                var lines: [String] = []
                while let dataLine = reader.nextLine(), dataLine != "." { lines.append(dataLine) }
                state.withLock { $0.content = lines.joined(separator: "\r\n") + "\r\n" }
                guard let verdict = respond("."), send(verdict, to: connection) else { return }
            }
        }
    }

    private func send(_ reply: String, to fd: Int32) -> Bool {
        let bytes = Array((reply + "\r\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}

/// Reads CRLF-terminated lines from a blocking socket.
private struct LineReader {
    let fd: Int32
    var buffer: [UInt8] = []

    mutating func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > 0, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }
}
