import Glibc

/// A socket call that failed, with its `errno`.
public struct SocketError: Error, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    public var description: String { "\(call) failed (errno \(errno))" }
}

/// A TCP socket bound to 127.0.0.1 on a port the kernel picks; listening when `backlog` is given.
/// The caller owns the descriptor.
public func bindLoopbackSocket(listenBacklog backlog: Int32? = nil) throws -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw SocketError(call: "socket", errno: errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let failed: String? = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            if bind(descriptor, generic, length) != 0 { return "bind" }
            if let backlog, listen(descriptor, backlog) != 0 { return "listen" }
            if getsockname(descriptor, generic, &length) != 0 { return "getsockname" }
            return nil
        }
    }
    if let failed {
        let code = errno
        close(descriptor)
        throw SocketError(call: failed, errno: code)
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

/// A loopback TCP port nobody listens on right now: bound once to find a free number, then closed.
public func freeLoopbackPort() throws -> Int {
    let (descriptor, port) = try bindLoopbackSocket()
    close(descriptor)
    return port
}
