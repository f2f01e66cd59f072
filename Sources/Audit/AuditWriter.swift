import Dispatch
import Foundation
import Storage
import Synchronization

/// Group commit: the one writer of `audit_records`.
///
/// `submit` queues a draft with the continuation of the `append` call waiting on it and wakes a
/// dedicated thread. The thread takes everything queued (up to `maxBatch`), writes it in ONE
/// `BEGIN IMMEDIATE … COMMIT` (WAL, `synchronous=FULL`: the commit returns after the WAL fsync),
/// and only then resumes every waiter. Appends that arrive during a commit form the next batch,
/// so one fsync is shared by all concurrent callers. If a batch fails (say a duplicate decision
/// id), it is retried one draft per transaction so only the offending append gets the error.
///
/// The thread owns its own `Database` (opened on the thread); nothing else touches it.
final class AuditWriter: Sendable {
    private struct Pending: Sendable {
        let draft: AuditRecordDraft
        let continuation: CheckedContinuation<AuditRecord, any Error>
    }

    private struct State: Sendable {
        var pending: [Pending] = []
        var closed = false
        var batches = 0
        var rows = 0
    }

    let path: String
    let maxBatch: Int
    private let state = Mutex(State())
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(path: String, maxBatch: Int) {
        self.path = path
        self.maxBatch = max(1, maxBatch)
        let thread = Thread { [self] in self.run() }
        thread.name = "warden.audit.writer"
        thread.start()
    }

    /// Queues one draft; `continuation` is resumed after the row's transaction has committed.
    func submit(_ draft: AuditRecordDraft, continuation: CheckedContinuation<AuditRecord, any Error>) {
        let accepted = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.pending.append(Pending(draft: draft, continuation: continuation))
            return true
        }
        if accepted {
            wakeup.signal()
        } else {
            continuation.resume(throwing: AuditError.closed(path: path))
        }
    }

    /// Stops accepting drafts, commits what is queued, and waits for the thread to end.
    func close() {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        wakeup.signal()
        finished.wait()
    }

    /// (transactions committed, rows committed) since open.
    var statistics: (batches: Int, rows: Int) {
        state.withLock { ($0.batches, $0.rows) }
    }

    // MARK: The writer thread

    private func run() {
        defer { finished.signal() }
        let connection: WriterConnection
        do {
            connection = try WriterConnection(path: path)
        } catch {
            failEverything(with: AuditError.wrap("opening the audit writer", error))
            return
        }
        while true {
            wakeup.wait()
            let (batch, closed, more) = state.withLock { state -> ([Pending], Bool, Bool) in
                let count = min(state.pending.count, maxBatch)
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                return (batch, state.closed, !state.pending.isEmpty)
            }
            if more { wakeup.signal() }
            if batch.isEmpty {
                if closed { return }
                continue
            }
            commit(batch, on: connection)
        }
    }

    private func commit(_ batch: [Pending], on connection: WriterConnection) {
        do {
            let records = try connection.write(batch.map(\.draft))
            state.withLock { $0.batches += 1; $0.rows += records.count }
            for (pending, record) in zip(batch, records) { pending.continuation.resume(returning: record) }
        } catch {
            guard batch.count > 1 else {
                batch[0].continuation.resume(throwing: AuditError.wrap("appending decision \(batch[0].draft.decisionID)", error))
                return
            }
            // Isolate the failing draft(s): one transaction each.
            for pending in batch { commit([pending], on: connection) }
        }
    }

    private func failEverything(with error: AuditError) {
        while true {
            wakeup.wait()
            let (batch, closed) = state.withLock { state -> ([Pending], Bool) in
                defer { state.pending.removeAll() }
                return (state.pending, state.closed)
            }
            for pending in batch { pending.continuation.resume(throwing: error) }
            if closed { return }
        }
    }
}

/// The writer thread's connection and its prepared statements.
private final class WriterConnection {
    let database: Database
    let insert: Statement
    let readHead: Statement
    let writeHead: Statement

    init(path: String) throws {
        database = try Database(path: path)
        try database.configure(journal: .wal, synchronous: .full)
        insert = try database.prepare(AuditRow.insertSQL)
        readHead = try database.prepare("SELECT seq, row_hash FROM audit_chain_head WHERE id = 1")
        writeHead = try database.prepare("""
            INSERT INTO audit_chain_head(id, seq, row_hash) VALUES (1, ?1, ?2)
            ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, row_hash = excluded.row_hash
            """)
    }

    /// Appends `drafts` in one transaction; the head is read inside the write lock, so another
    /// process appending to the same file cannot fork the chain.
    func write(_ drafts: [AuditRecordDraft]) throws -> [AuditRecord] {
        try database.transaction(.immediate) {
            var (sequence, hash) = try head()
            var records: [AuditRecord] = []
            records.reserveCapacity(drafts.count)
            for draft in drafts {
                sequence += 1
                let row = try AuditRow(draft: draft, sequence: sequence, previousHash: hash)
                try row.bind(to: insert)
                try insert.run()
                hash = row.rowHash
                var stored = draft
                stored.time = Date(timeIntervalSince1970: Double(row.timeMicroseconds) / 1_000_000)
                records.append(AuditRecord(sequence: sequence, draft: stored, previousHash: row.previousHash,
                                           rowHash: row.rowHash))
            }
            try writeHead.bind(1, sequence)
            try writeHead.bind(2, hash)
            try writeHead.run()
            return records
        }
    }

    private func head() throws -> (Int64, String) {
        defer { readHead.reset() }
        guard try readHead.step() else { return (0, AuditChain.genesisHash) }
        return (readHead.int64(0), readHead.string(1))
    }
}
