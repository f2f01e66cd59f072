import Policy

/// Screening reports lexicon hits in the policy's own signal type, so a hit reaches the policy
/// and the audit log unchanged. Defined in Policy (which holds no neural code).
public typealias LexiconHit = Policy.LexiconHit
