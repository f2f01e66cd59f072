import CMicroHTTPD
import Foundation
import Logging

/// libmicrohttpd's callbacks. They run on the connection's own thread (thread-per-connection).
extension HTTPServer {
    /// MHD's access handler, called (1) once when the headers are in, (2) once per piece of
    /// body with `*uploadDataSize > 0`, (3) once more with `*uploadDataSize == 0` when the
    /// request is complete; a response may be queued in (1) or (3).
    static func access(cls: UnsafeMutableRawPointer?, connection: OpaquePointer?,
                       url: UnsafePointer<CChar>?, method: UnsafePointer<CChar>?,
                       uploadData: UnsafePointer<CChar>?, uploadDataSize: UnsafeMutablePointer<Int>?,
                       requestPointer: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> MHD_Result {
        guard let cls, let connection, let uploadDataSize, let requestPointer else { return .NO }
        let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
        let limit = context.configuration.maxBodyBytes

        guard let existing = requestPointer.pointee else {
            // (1) Headers received.
            let state = ConnectionState(
                method: HTTPMethod(rawValue: method.map { String(cString: $0) } ?? "GET"),
                path: url.map { String(cString: $0) } ?? "/",
                headers: ConnectionState.values(of: connection, kind: .HEADER_KIND, lowercaseKeys: true),
                query: ConnectionState.values(of: connection, kind: .GET_ARGUMENT_KIND, lowercaseKeys: false))
            requestPointer.pointee = Unmanaged.passRetained(state).toOpaque()
            context.deadlines.headersReceived(connection, expectsBody: state.expectsBody)
            let headerBytes = state.headerBytes
            if headerBytes > context.configuration.maxHeaderBytes {
                return respond(.error(431, message: "The request line and header fields take \(headerBytes) bytes; at most \(context.configuration.maxHeaderBytes) are accepted.",
                                      code: "request_header_fields_too_large"),
                               state: state, connection: connection, context: context)
            }
            if let declared = state.headers["content-length"].flatMap(Int.init), declared > limit {
                // Refused before a byte of the body is read: MHD sends no 100-continue and
                // closes the connection after this response.
                state.overflowed = true
                state.receivedBytes = declared
                return respond(tooLarge(declared: declared, limit: limit), state: state,
                               connection: connection, context: context)
            }
            if let declared = state.headers["content-length"].flatMap(Int.init), declared > 0 {
                // A header alone must not make the server commit memory: reserve at most 1 MiB.
                state.body.reserveCapacity(min(declared, 1 << 20))
            }
            return .YES
        }
        let state = Unmanaged<ConnectionState>.fromOpaque(existing).takeUnretainedValue()

        let pieceSize = uploadDataSize.pointee
        if pieceSize > 0 {
            // (2) A piece of body: keep it only while under the limit.
            uploadDataSize.pointee = 0
            state.receivedBytes += pieceSize
            if state.responded { return .YES }
            if state.overflowed {
                // Discarding: bounded, so an endless chunked body cannot hold the connection.
                guard state.receivedBytes <= limit + discardAllowance(limit: limit) else {
                    context.logger.warning("\(state.method) \(state.path): closing after \(state.receivedBytes) body bytes over the \(limit)-byte limit")
                    return .NO
                }
                return .YES
            }
            if state.body.count + pieceSize > limit {
                state.overflowed = true
                state.body = []
                // libmicrohttpd may refuse a response before the request is complete; then the
                // rest of the body is discarded and the 413 goes out at the end (3).
                _ = respond(tooLarge(declared: nil, limit: limit), state: state, connection: connection, context: context)
                return .YES
            }
            if let uploadData {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: pieceSize) { bytes in
                    state.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: pieceSize))
                }
            }
            return .YES
        }

        // (3) Request complete.
        context.deadlines.requestReceived(connection)
        if state.responded { return .YES }
        if state.overflowed {
            return respond(tooLarge(declared: nil, limit: limit), state: state, connection: connection, context: context)
        }
        let request = HTTPRequest(method: state.method, path: state.path, query: state.query,
                                  headers: state.headers, body: Data(state.body))
        state.body = []
        let response = run(request, context: context, socket: warden_mhd_connection_fd(connection))
        return respond(response, state: state, connection: connection, context: context)
    }

    /// MHD's request-completed callback: drops the request's state; a kept-alive connection's
    /// next request is now due.
    static func completed(cls: UnsafeMutableRawPointer?, connection: OpaquePointer?,
                          requestPointer: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) {
        if let cls, let connection {
            Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().deadlines.responseCompleted(connection)
        }
        guard let requestPointer, let state = requestPointer.pointee else { return }
        Unmanaged<ConnectionState>.fromOpaque(state).release()
        requestPointer.pointee = nil
    }

    /// MHD's connection notifications: a connection's read deadlines start when it opens and
    /// end when it closes (before MHD closes its socket).
    static func connectionEvent(cls: UnsafeMutableRawPointer?, connection: OpaquePointer?,
                                event: MHD_ConnectionNotificationCode) {
        guard let cls, let connection else { return }
        let deadlines = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().deadlines
        switch event {
        case .CONNECTION_NOTIFY_STARTED:
            deadlines.connectionStarted(connection, socket: warden_mhd_connection_fd(connection))
        default:
            deadlines.connectionClosed(connection)
        }
    }

    /// Runs the router in a Task and blocks this connection thread until it answers or the
    /// handler timeout passes. While it waits it looks at the client's socket every
    /// `disconnectPollSeconds`: once the client has closed it, the request's cancellation is
    /// set, so queued or running work (generation) stops early.
    static func run(_ request: HTTPRequest, context: ServerContext, socket: Int32) -> HTTPResponse {
        let slot = ResponseSlot()
        let done = DispatchSemaphore(value: 0)
        let router = context.router
        // High priority: a waiting connection thread holds a client; it goes ahead of background
        // work queued on the cooperative pool (seen: socket tests starved past 10 s by a loaded
        // pool when the whole suite ran at once).
        Task.detached(priority: .high) {
            slot.store(await router.respond(to: request))
            done.signal()
        }
        let timeout = context.configuration.handlerTimeoutSeconds
        let deadline = DispatchTime.now() + timeout
        while done.wait(timeout: min(deadline, .now() + disconnectPollSeconds)) == .timedOut {
            if DispatchTime.now() >= deadline {
                context.logger.error("handler for \(request.method) \(request.path) exceeded \(timeout) s")
                request.cancellation.cancel()
                return .error(503, message: "The request took longer than \(Int(timeout)) seconds.",
                              type: "server_error", code: "timeout")
            }
            if !request.cancellation.isCancelled, socket >= 0, clientClosed(socket: socket) {
                context.logger.info("\(request.method) \(request.path): client disconnected, cancelling its work")
                request.cancellation.cancel()
            }
        }
        return slot.take() ?? .error(500, message: "The handler returned no response.", type: "server_error")
    }

    /// How often a waiting connection thread checks whether its client went away.
    static let disconnectPollSeconds = 0.1

    /// True when the peer has closed the connection: a non-blocking peek reads end-of-stream
    /// or a reset. (Bytes waiting, such as a pipelined request, mean it is still there.)
    static func clientClosed(socket: Int32) -> Bool {
        var byte: UInt8 = 0
        let received = recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if received == 0 { return true }
        if received < 0 { return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR }
        return false
    }

    /// Body bytes read and thrown away past the limit before the connection is closed instead
    /// of answered: as much as the limit itself, at least 1 MiB.
    static func discardAllowance(limit: Int) -> Int { max(limit, 1 << 20) }

    static func tooLarge(declared: Int?, limit: Int) -> HTTPResponse {
        let size = declared.map { "of \($0) bytes " } ?? ""
        return .error(413, message: "Request body \(size)exceeds the limit of \(limit) bytes.",
                      code: "request_too_large")
    }

    /// Queues `response` on the connection and logs the request line.
    static func respond(_ response: HTTPResponse, state: ConnectionState, connection: OpaquePointer,
                        context: ServerContext) -> MHD_Result {
        let body = response.body
        let mhdResponse = body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                            .RESPMEM_MUST_COPY)
        }
        guard let mhdResponse else { return .NO }
        defer { MHD_destroy_response(mhdResponse) }
        for (name, value) in response.headers where MHD_add_response_header(mhdResponse, name, value) != .YES {
            context.logger.warning("dropped response header '\(name)' (invalid name or value)")
        }
        let result = MHD_queue_response(connection, UInt32(response.status), mhdResponse)
        guard result == .YES else { return result }
        state.responded = true
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - state.started.uptimeNanoseconds) / 1e6
        context.logger.info("\(state.method) \(state.path) \(response.status) \(String(format: "%.1f", milliseconds)) ms",
                            metadata: ["body_bytes": "\(state.receivedBytes)"])
        return result
    }
}
