import Foundation

/// Output images stored by content: `<data-dir>/images/<first two hex>/<sha256>.png`.
/// Writes go to a temporary file that is fsynced and renamed, so a stored image is whole.
/// Retention is by file age (modification time); audit rows keep the hash after a purge.
public struct AuditImageStore: Sendable {
    /// The `images` directory.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Where the image with this SHA-256 lives (whether or not it exists).
    public func url(forSHA256 sha256: String) -> URL {
        directory.appendingPathComponent(String(sha256.prefix(2)), isDirectory: true)
            .appendingPathComponent("\(sha256).png")
    }

    /// Stores PNG bytes and returns their SHA-256 (lowercase hex). Storing the same bytes twice is a no-op.
    @discardableResult
    public func store(png data: Data) throws -> String {
        let sha = AuditChain.sha256Hex(data)
        let target = url(forSHA256: sha)
        if FileManager.default.fileExists(atPath: target.path) { return sha }
        do {
            let folder = target.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(".\(sha).\(UUID().uuidString).tmp")
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw AuditError.imageStore(sha256: sha, path: temporary.path, reason: "cannot create file")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, target.path) != 0 {
                throw AuditError.imageStore(sha256: sha, path: target.path, reason: "rename failed (errno \(errno))")
            }
            let folderDescriptor = Foundation.open(folder.path, O_RDONLY)
            if folderDescriptor >= 0 { fsync(folderDescriptor); close(folderDescriptor) }
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError.imageStore(sha256: sha, path: target.path, reason: error.localizedDescription)
        }
        return sha
    }

    /// The stored bytes, or nil when the image is absent (never stored, or purged).
    public func load(sha256: String) -> Data? {
        FileManager.default.contents(atPath: url(forSHA256: sha256).path)
    }

    /// Deletes images whose file is older than `days` days before `now`; returns how many.
    @discardableResult
    public func purge(olderThanDays days: Int, now: Date = Date()) throws -> Int {
        guard days >= 0 else { throw AuditError.invalidInput(reason: "retention of \(days) days is negative") }
        let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: [.contentModificationDateKey],
                                                  options: [.skipsHiddenFiles]) else { return 0 }
        var removed = 0
        for case let file as URL in enumerator where file.pathExtension == "png" {
            let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
            if let modified, modified < cutoff {
                do { try manager.removeItem(at: file); removed += 1 } catch {
                    throw AuditError.imageStore(sha256: file.deletingPathExtension().lastPathComponent, path: file.path,
                                                reason: "cannot delete: \(error.localizedDescription)")
                }
            }
        }
        return removed
    }
}
