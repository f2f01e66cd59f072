import Foundation

/// Where accepted policies are recorded (the audit helper's `PolicyVersionStore` conforms in
/// the gateway). `PolicyEngine.swap(toText:...)` records before it swaps, so a policy that
/// runs has always been stored.
public protocol PolicyVersionRecording: Sendable {
    /// Stores `policy` (its text, sha256, id and version) with who accepted it and why.
    func recordAcceptedPolicy(_ policy: CompiledPolicy, author: String?, comment: String) async throws
}

/// Holds the running policy and swaps it atomically. Readers take one snapshot per decision
/// (`current` or `evaluate`), so a decision never mixes two policies.
///
///     let engine = PolicyEngine(initial: try PolicyCompiler.compile(fileAt: "Policies/default.yaml"))
///     let decision = engine.evaluate(input)
///     try await engine.swap(toText: edited, source: "admin edit", author: keyID)   // refused if invalid
public final class PolicyEngine: @unchecked Sendable {
    // Invariant: `running` is read and written only while `lock` is held.
    private let lock = NSLock()
    private var running: CompiledPolicy
    // The last text edit in flight; each edit waits for it, so edits record and swap in call order.
    private var editTail: Task<Void, Never>?
    private let versionStore: (any PolicyVersionRecording)?

    /// Starts with `initial`; `versionStore` (optional) records every policy accepted by `swap(toText:)`.
    public init(initial: CompiledPolicy, versionStore: (any PolicyVersionRecording)? = nil) {
        self.running = initial
        self.versionStore = versionStore
    }

    /// The running policy (a snapshot: it never changes under the caller).
    public var current: CompiledPolicy {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    /// Decides `input` with the running policy.
    public func evaluate(_ input: PolicyInput) -> PolicyDecision {
        current.evaluate(input)
    }

    /// Replaces the running policy with an already compiled one; returns the previous one.
    @discardableResult
    public func swap(to policy: CompiledPolicy) -> CompiledPolicy {
        lock.lock()
        defer { lock.unlock() }
        let previous = running
        running = policy
        return previous
    }

    /// Compiles `text`, records it in the version store (when there is one), then swaps it in.
    /// An invalid text, or a store that fails, throws and leaves the running policy in place.
    /// Concurrent edits are serialised in call order, so the running policy is always the one
    /// recorded last.
    @discardableResult
    public func swap(toText text: String, source: String = "policy edit", author: String?,
                     comment: String = "") async throws(PolicyError) -> CompiledPolicy {
        let compiled = try PolicyCompiler.compile(text: text, source: source)
        let edit = lock.withLock {
            let prior = editTail
            let edit = Task<Result<CompiledPolicy, PolicyError>, Never> {
                _ = await prior?.value
                if let versionStore = self.versionStore {
                    do {
                        try await versionStore.recordAcceptedPolicy(compiled, author: author, comment: comment)
                    } catch {
                        return .failure(.versionStoreFailed(policyID: compiled.id, version: compiled.version,
                                                            reason: "\(error)"))
                    }
                }
                self.swap(to: compiled)
                return .success(compiled)
            }
            editTail = Task { _ = await edit.value }
            return edit
        }
        return try await edit.value.get()
    }
}
