import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A resolved IPv4 or IPv6 listening address, owned as bytes so it can be handed to C.
struct SocketAddress: Sendable {
    /// AF_INET or AF_INET6.
    let family: Int32
    /// The `sockaddr_in` / `sockaddr_in6` bytes.
    let storage: [UInt8]

    /// Resolves `host` (a numeric address or a name such as "localhost") for listening on `port`.
    static func resolve(host: String, port: Int) throws(GatewayError) -> SocketAddress {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .invalidHost(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        // Prefer IPv4 when a name resolves to both, as 127.0.0.1 is what `localhost` users expect.
        var chosen = first
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET { chosen = entry; break }
            cursor = entry.pointee.ai_next
        }
        guard let address = chosen.pointee.ai_addr else {
            throw .invalidHost(host: host, reason: "resolver returned no address")
        }
        let bytes = UnsafeRawBufferPointer(start: address, count: Int(chosen.pointee.ai_addrlen))
        return SocketAddress(family: chosen.pointee.ai_family, storage: Array(bytes))
    }

    /// Calls `body` with a `sockaddr` pointer valid for the duration of the call.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>) -> R) -> R {
        storage.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self))
        }
    }
}
