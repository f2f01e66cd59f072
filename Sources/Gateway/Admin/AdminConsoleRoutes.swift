import Foundation

/// `GET /admin` (the console page) and `GET /admin/{asset}` (its CSS and JavaScript). Open
/// routes: the files are static and hold no data; everything they show comes from the admin
/// API with the key the user pastes. A strict Content-Security-Policy allows only the
/// console's own scripts, styles and API (plus blob: images fetched with the key).
struct AdminConsoleRoutes: Sendable {
    static let securityHeaders: [String: String] = [
        "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    ]

    let assets: Result<ConsoleAssets, GatewayFailure>

    func register(in router: inout Router) {
        router.add(.get, "/admin") { _ in serve("index.html") }
        router.add(.get, "/admin/{asset}") { request in serve(request.pathParameters["asset"] ?? "") }
    }

    func serve(_ name: String) -> HTTPResponse {
        let loaded: ConsoleAssets
        switch assets {
        case let .success(value): loaded = value
        case let .failure(failure):
            return .error(503, message: "The admin console is not available: \(failure.reason)", type: "server_error",
                          code: "console_unavailable")
        }
        guard let asset = loaded.files[name] else {
            return .error(404, message: "The admin console has no file '\(name.prefix(100))'.", code: "not_found")
        }
        var headers = Self.securityHeaders
        headers["Content-Type"] = asset.contentType
        return HTTPResponse(status: 200, headers: headers, body: asset.body)
    }
}
