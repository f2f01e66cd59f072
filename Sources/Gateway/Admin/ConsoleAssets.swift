import Foundation

/// The admin console's static files (`Console/` of the checkout: HTML, CSS, JavaScript), read
/// once at start into memory. Only plain files directly in the folder whose names are simple
/// (`console.js`, `index.html`) and whose extension has a known content type are kept, so a
/// request can only ever name one of these in-memory files: there is no path to traverse.
public struct ConsoleAssets: Sendable {
    /// One served file.
    public struct Asset: Sendable, Equatable {
        public var contentType: String
        public var body: Data
    }

    /// Largest file kept (bytes); the console's files are a few tens of kilobytes.
    static let maximumFileBytes = 2 << 20
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml", "png": "image/png",
        "ico": "image/x-icon", "json": "application/json",
    ]

    /// File name -> content.
    public let files: [String: Asset]

    public init(files: [String: Asset]) {
        self.files = files
    }

    /// The page served at `/admin`.
    public var index: Asset? { files["index.html"] }

    /// Whether `name` is a file name the console may serve (no separators, no leading dot).
    static func isServable(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != ".", name.utf8.count <= 100 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard name.unicodeScalars.allSatisfy(allowed.contains), !name.contains("..") else { return false }
        return contentTypes[(name as NSString).pathExtension.lowercased()] != nil
    }

    /// Reads the servable files of `folder`; fails when the folder or its `index.html` is missing.
    public static func load(from folder: URL) -> Result<ConsoleAssets, GatewayFailure> {
        let manager = FileManager.default
        let names: [String]
        do { names = try manager.contentsOfDirectory(atPath: folder.path) } catch {
            return .failure(GatewayFailure(reason: "the console folder \(folder.path) cannot be read: \(error.localizedDescription)"))
        }
        var files: [String: Asset] = [:]
        for name in names.sorted() where isServable(name) {
            let url = folder.appendingPathComponent(name)
            guard let attributes = try? manager.attributesOfItem(atPath: url.path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let size = attributes[.size] as? Int, size <= maximumFileBytes,
                  let data = manager.contents(atPath: url.path),
                  let type = contentTypes[url.pathExtension.lowercased()] else { continue }
            files[name] = Asset(contentType: type, body: data)
        }
        guard files["index.html"] != nil else {
            return .failure(GatewayFailure(reason: "\(folder.path) has no index.html"))
        }
        return .success(ConsoleAssets(files: files))
    }
}
