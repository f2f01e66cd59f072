import Storage

/// The audit database's schema (`audit.sqlite3`), as ordered migrations.
///
/// * `audit_records`: one row per decision; `seq` is the chain position (1, 2, 3, ... with no
///   gaps), `prev_hash`/`row_hash` are lowercase hex SHA-256 (see `AuditChain`).
/// * `audit_fts`: FTS5 external-content index over `prompt` and `normalized_prompt`, kept in step
///   by triggers (so even a hand edit with the `sqlite3` tool updates it).
/// * `audit_chain_head`: one row holding the last `seq` and `row_hash`, written in the same
///   transaction as the rows, so deleting the newest rows is detected too.
/// * `policy_versions`: every accepted policy text (see `PolicyVersionStore`).
public enum AuditSchema {
    /// The migrations, oldest first.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "audit records, chain head, full-text index", sql: """
            CREATE TABLE audit_records (
                seq                INTEGER PRIMARY KEY,
                decision_id        TEXT NOT NULL UNIQUE,
                time_us            INTEGER NOT NULL,
                api_key_id         TEXT,
                route              TEXT NOT NULL,
                stage              TEXT NOT NULL,
                prompt             TEXT NOT NULL,
                normalized_prompt  TEXT NOT NULL,
                stages_json        TEXT NOT NULL,
                policy_input_json  TEXT,
                policy_id          TEXT NOT NULL,
                policy_version     TEXT NOT NULL,
                policy_sha256      TEXT NOT NULL,
                action             TEXT NOT NULL,
                deciding_rules_json TEXT NOT NULL,
                explanation        TEXT NOT NULL,
                image_hashes_json  TEXT NOT NULL,
                prev_hash          TEXT NOT NULL,
                row_hash           TEXT NOT NULL
            );
            CREATE INDEX audit_records_time ON audit_records(time_us);
            CREATE INDEX audit_records_action ON audit_records(action, seq);
            CREATE INDEX audit_records_key ON audit_records(api_key_id, seq);
            CREATE TABLE audit_chain_head (
                id        INTEGER PRIMARY KEY CHECK (id = 1),
                seq       INTEGER NOT NULL,
                row_hash  TEXT NOT NULL
            );
            CREATE VIRTUAL TABLE audit_fts USING fts5(
                prompt, normalized_prompt, content='audit_records', content_rowid='seq',
                tokenize='unicode61 remove_diacritics 2'
            );
            CREATE TRIGGER audit_fts_insert AFTER INSERT ON audit_records BEGIN
                INSERT INTO audit_fts(rowid, prompt, normalized_prompt)
                VALUES (new.seq, new.prompt, new.normalized_prompt);
            END;
            CREATE TRIGGER audit_fts_delete AFTER DELETE ON audit_records BEGIN
                INSERT INTO audit_fts(audit_fts, rowid, prompt, normalized_prompt)
                VALUES ('delete', old.seq, old.prompt, old.normalized_prompt);
            END;
            CREATE TRIGGER audit_fts_update AFTER UPDATE ON audit_records BEGIN
                INSERT INTO audit_fts(audit_fts, rowid, prompt, normalized_prompt)
                VALUES ('delete', old.seq, old.prompt, old.normalized_prompt);
                INSERT INTO audit_fts(rowid, prompt, normalized_prompt)
                VALUES (new.seq, new.prompt, new.normalized_prompt);
            END;
            """),
        Migration(version: 2, name: "policy versions", sql: """
            CREATE TABLE policy_versions (
                id             INTEGER PRIMARY KEY,
                policy_id      TEXT NOT NULL,
                revision       INTEGER NOT NULL,
                version        TEXT NOT NULL,
                text           TEXT NOT NULL,
                sha256         TEXT NOT NULL,
                author_key_id  TEXT,
                time_us        INTEGER NOT NULL,
                comment        TEXT NOT NULL,
                UNIQUE (policy_id, revision)
            );
            """),
    ]
}
