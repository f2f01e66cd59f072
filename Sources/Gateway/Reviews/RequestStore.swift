import Foundation
import Storage

/// `<data-dir>/requests.sqlite3`: requests held for review, and the ids under which screened,
/// allowed images are served (`GET /v1/images/{id}.png`). WAL, synchronous=FULL: a held request
/// is durable before its 202 is sent. An actor owns the connection.
public actor RequestStore {
    static let migrations = [
        Migration(version: 1, name: "held requests and served images", sql: """
            CREATE TABLE held_requests (
                id TEXT PRIMARY KEY,
                created_us INTEGER NOT NULL,
                updated_us INTEGER NOT NULL,
                status TEXT NOT NULL,
                stage TEXT NOT NULL,
                key_id TEXT,
                record_json TEXT NOT NULL
            );
            CREATE INDEX held_requests_status ON held_requests(status, created_us);
            CREATE TABLE served_images (
                id TEXT PRIMARY KEY,
                sha256 TEXT NOT NULL,
                request_id TEXT NOT NULL,
                created_us INTEGER NOT NULL
            );
            """),
    ]

    private let database: Database
    /// The file.
    public nonisolated let path: String

    /// Opens (creating and migrating) the store in `dataDirectory`.
    public init(dataDirectory: URL) throws(GatewayError) {
        let path = dataDirectory.appendingPathComponent("requests.sqlite3").path
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            let database = try Database(path: path)
            try database.configure(journal: .wal, synchronous: .full)
            _ = try Migrator(migrations: Self.migrations).migrate(database)
            self.database = database
        } catch {
            throw .requestStore(operation: "open \(path)", reason: "\(error)")
        }
        self.path = path
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    private static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1e6).rounded()) }

    /// Inserts or replaces `held` (its `updated` set to now).
    public func save(_ held: HeldRequest) throws(GatewayError) {
        var record = held
        record.updated = Date()
        do {
            let json = String(decoding: try Self.encoder.encode(record), as: UTF8.self)
            let statement = try database.prepare("""
                INSERT INTO held_requests(id, created_us, updated_us, status, stage, key_id, record_json)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET updated_us = excluded.updated_us, status = excluded.status,
                    stage = excluded.stage, record_json = excluded.record_json
                """)
            try statement.bind(1, record.id)
            try statement.bind(2, Self.micros(record.created))
            try statement.bind(3, Self.micros(record.updated))
            try statement.bind(4, record.status.rawValue)
            try statement.bind(5, record.stage)
            try statement.bind(6, record.keyID)
            try statement.bind(7, json)
            try statement.run()
        } catch {
            throw .requestStore(operation: "save request \(held.id)", reason: "\(error)")
        }
    }

    /// The held request with this id, or nil.
    public func held(id: String) throws(GatewayError) -> HeldRequest? {
        do {
            let statement = try database.prepare("SELECT record_json FROM held_requests WHERE id = ?")
            try statement.bind(1, id)
            guard try statement.step() else { return nil }
            return try Self.decode(statement.string(0))
        } catch {
            throw .requestStore(operation: "read request \(id)", reason: "\(error)")
        }
    }

    /// Held requests, oldest first; only those with `status` when given.
    public func list(status: HeldRequest.Status?, limit: Int = 100) throws(GatewayError) -> [HeldRequest] {
        do {
            let statement = try database.prepare(status == nil
                ? "SELECT record_json FROM held_requests ORDER BY created_us LIMIT ?"
                : "SELECT record_json FROM held_requests WHERE status = ? ORDER BY created_us LIMIT ?")
            if let status {
                try statement.bind(1, status.rawValue)
                try statement.bind(2, limit)
            } else {
                try statement.bind(1, limit)
            }
            var result: [HeldRequest] = []
            while try statement.step() { result.append(try Self.decode(statement.string(0))) }
            return result
        } catch {
            throw .requestStore(operation: "list held requests", reason: "\(error)")
        }
    }

    /// Moves a request from `from` to `to` only if it is still in `from` (two reviewers cannot
    /// both decide it); returns the updated record, or nil when it was not in `from`.
    public func transition(id: String, from: HeldRequest.Status,
                           update: @Sendable (inout HeldRequest) -> Void) throws(GatewayError) -> HeldRequest? {
        guard var record = try held(id: id), record.status == from else { return nil }
        update(&record)
        try save(record)
        return record
    }

    /// Registers an allowed image for serving; returns its new id (`img_` + 32 hex digits).
    public func serve(sha256: String, requestID: String) throws(GatewayError) -> String {
        let id = "img_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        do {
            let statement = try database.prepare("INSERT INTO served_images(id, sha256, request_id, created_us) VALUES (?, ?, ?, ?)")
            try statement.bind(1, id)
            try statement.bind(2, sha256)
            try statement.bind(3, requestID)
            try statement.bind(4, Self.micros(Date()))
            try statement.run()
        } catch {
            throw .requestStore(operation: "register image \(sha256)", reason: "\(error)")
        }
        return id
    }

    /// The SHA-256 of the served image with this id, or nil.
    public func servedImage(id: String) throws(GatewayError) -> String? {
        do {
            let statement = try database.prepare("SELECT sha256 FROM served_images WHERE id = ?")
            try statement.bind(1, id)
            return try statement.step() ? statement.string(0) : nil
        } catch {
            throw .requestStore(operation: "look up image \(id)", reason: "\(error)")
        }
    }

    private static func decode(_ json: String) throws -> HeldRequest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(HeldRequest.self, from: Data(json.utf8))
    }

    /// True for the ids `serve` makes.
    public static func isWellFormed(imageID id: String) -> Bool {
        id.hasPrefix("img_") && id.utf8.count == 36 && id.utf8.dropFirst(4).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
