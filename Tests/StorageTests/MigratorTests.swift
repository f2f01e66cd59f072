import Foundation
import Storage
import Testing

@Suite("Migrator")
struct MigratorTests {
    let migrations = [
        Migration(version: 1, name: "notes", sql: "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL);"),
        Migration(version: 2, name: "tags", sql: "ALTER TABLE notes ADD COLUMN tag TEXT; CREATE INDEX notes_tag ON notes(tag);"),
    ]

    @Test("an empty file is migrated to the latest version, and a second run applies nothing")
    func migratesEmptyFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("m.sqlite3"))
        try db.configure()
        #expect(try db.userVersion() == 0)
        let applied = try Migrator(migrations: migrations).migrate(db)
        #expect(applied == [1, 2])
        #expect(try db.userVersion() == 2)
        try db.execute("INSERT INTO notes(body, tag) VALUES ('x', 't')")
        #expect(try db.scalarInt("SELECT count(*) FROM notes WHERE tag = 't'") == 1)

        let reopened = try Database(path: dir.file("m.sqlite3"))
        #expect(try Migrator(migrations: migrations).migrate(reopened).isEmpty)
    }

    @Test("a failing migration rolls back whole and names its version")
    func failingMigrationRollsBack() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("m.sqlite3"))
        let bad = migrations + [Migration(version: 3, name: "broken",
                                          sql: "CREATE TABLE extra(x); SELECT * FROM no_such_table;")]
        #expect {
            try Migrator(migrations: bad).migrate(db)
        } throws: { error in
            guard case let .migrationFailed(version, name, underlying)? = error as? StorageError else { return false }
            return version == 3 && name == "broken" && underlying.contains("no_such_table")
        }
        #expect(try db.userVersion() == 2)
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'extra'") == 0)
    }

    @Test("a file newer than the known migrations is refused")
    func newerFileRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("m.sqlite3"))
        try db.execute("PRAGMA user_version = 9")
        #expect(throws: StorageError.schemaTooNew(path: dir.file("m.sqlite3"), fileVersion: 9, knownVersion: 2)) {
            try Migrator(migrations: migrations).migrate(db)
        }
    }
}
