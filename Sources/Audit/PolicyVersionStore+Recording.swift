import Policy

/// The version store is where the policy engine records every accepted policy before it swaps it
/// in, so a policy that ran is always in the store (`PolicyEngine(initial:versionStore:)`).
extension PolicyVersionStore: PolicyVersionRecording {
    public func recordAcceptedPolicy(_ policy: CompiledPolicy, author: String?, comment: String) async throws {
        _ = try store(policyID: policy.id, version: policy.version, text: policy.text, authorKeyID: author,
                      comment: comment)
    }
}
