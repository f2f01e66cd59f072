import Foundation
import Storage
import Testing

@Suite("Database and Statement")
struct StatementTests {
    static func makeDatabase(_ dir: TemporaryDirectory) throws -> Database {
        let db = try Database(path: dir.file("s.sqlite3"))
        try db.configure(journal: .wal, synchronous: .full)
        try db.execute("""
            CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
                               price REAL, payload BLOB, note TEXT, qty INTEGER CHECK (qty >= 0));
            """)
        return db
    }

    @Test("WAL and synchronous=FULL are in force after configure")
    func configureTakesEffect() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Self.makeDatabase(dir)
        #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
        #expect(try db.scalarInt("PRAGMA synchronous") == 2)
    }

    @Test("values bound by index and by name come back with their types")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Self.makeDatabase(dir)
        let insert = try db.prepare("INSERT INTO items(id, name, price, payload, note, qty) VALUES (?, :name, ?, ?, :note, ?)")
        let blob = Data([0, 1, 2, 255])
        try insert.bind(1, 7)
        try insert.bind(":name", "ünïcode ✓")
        try insert.bind(3, 2.5)
        try insert.bind(4, blob)
        try insert.bind(":note", nil as String?)
        try insert.bind(6, 3)
        try insert.run()
        // Re-run the same statement after reset with fresh bindings.
        insert.reset()
        try insert.bind(1, 8)
        try insert.bind(":name", "second")
        try insert.bind(3, nil as Double?)
        try insert.bind(4, Data())
        try insert.bind(":note", "n")
        try insert.bind(6, 0)
        try insert.run()

        let query = try db.prepare("SELECT id, name, price, payload, note, qty FROM items ORDER BY id")
        #expect(try query.step())
        #expect(query.int(0) == 7)
        #expect(try query.requireString(1) == "ünïcode ✓")
        #expect(query.optionalDouble(2) == 2.5)
        #expect(query.data(3) == blob)
        #expect(query.optionalString(4) == nil)
        #expect(try query.requireInt(5) == 3)
        #expect(try query.step())
        #expect(query.int(0) == 8)
        #expect(query.optionalDouble(2) == nil)
        #expect(query.optionalString(4) == "n")
        #expect(try query.step() == false)
    }

    @Test("a UNIQUE violation is a typed constraint error carrying the SQL")
    func uniqueViolation() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Self.makeDatabase(dir)
        try db.execute("INSERT INTO items(name) VALUES ('a')")
        let insert = try db.prepare("INSERT INTO items(name) VALUES (?)")
        try insert.bind(1, "a")
        #expect {
            try insert.run()
        } throws: { error in
            guard case let .constraintViolation(sql, kind, _, message)? = error as? StorageError else { return false }
            return kind == "unique" && sql.contains("INSERT INTO items") && message.contains("items.name")
        }
    }

    @Test("NOT NULL and CHECK violations are told apart", arguments: [
        ("INSERT INTO items(name) VALUES (NULL)", "notNull"),
        ("INSERT INTO items(name, qty) VALUES ('b', -1)", "check"),
    ])
    func otherConstraints(sql: String, kind: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Self.makeDatabase(dir)
        #expect {
            try db.execute(sql)
        } throws: { error in
            guard case let .constraintViolation(_, found, _, _)? = error as? StorageError else { return false }
            return found == kind
        }
    }

    @Test("a transaction rolls back when its body throws")
    func transactionRollback() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Self.makeDatabase(dir)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try db.transaction {
                try db.execute("INSERT INTO items(name) VALUES ('x')")
                throw Abort()
            }
        }
        #expect(db.isInTransaction == false)
        #expect(try db.scalarInt("SELECT count(*) FROM items") == 0)
    }

    @Test("bad SQL, unknown parameters and wrong column types are typed errors")
    func typedErrors() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Self.makeDatabase(dir)
        #expect {
            _ = try db.prepare("SELEC nonsense")
        } throws: { error in
            guard case let .prepareFailed(sql, _, message)? = error as? StorageError else { return false }
            return sql == "SELEC nonsense" && message.contains("syntax error")
        }
        let statement = try db.prepare("SELECT 1 AS one WHERE 1 = :x")
        #expect(throws: StorageError.unknownParameter(sql: "SELECT 1 AS one WHERE 1 = :x", name: ":y")) {
            try statement.bind(":y", 1)
        }
        try statement.bind(":x", 1)
        #expect(try statement.step())
        #expect(throws: StorageError.columnTypeMismatch(sql: statement.sql, column: "one", expected: "TEXT", found: "INTEGER")) {
            _ = try statement.requireString(0)
        }
        #expect(throws: StorageError.columnOutOfRange(sql: statement.sql, index: 3, columnCount: 1)) {
            _ = try statement.requireInt(3)
        }
    }

    @Test("opening a missing file read-only fails with the path")
    func openFailure() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("missing.sqlite3")
        #expect {
            _ = try Database(path: path, options: .readOnly)
        } throws: { error in
            guard case let .openFailed(p, _, _)? = error as? StorageError else { return false }
            return p == path
        }
    }
}
