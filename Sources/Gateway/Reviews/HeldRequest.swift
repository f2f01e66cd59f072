import Foundation

/// A generation request that a `review` decision held for a person, and what became of it.
/// Stored in `<data-dir>/requests.sqlite3`, so a restart loses none.
public struct HeldRequest: Codable, Sendable, Equatable {
    /// Where a held request is in its life.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting for a reviewer.
        case pending
        /// Approved; generation and image screening are running.
        case approved
        /// A reviewer denied it.
        case denied
        /// Approved and finished: images were screened, allowed and stored.
        case completed
        /// Approved, but a later stage (output image screening) blocked it.
        case refused
        /// Approved, but generation failed; `failure` says why.
        case failed
    }

    /// The request id (`req_...`) the caller polls.
    public var id: String
    public var created: Date
    public var updated: Date
    public var status: Status
    /// The stage whose decision holds it now: prompt, input_image or output_image.
    public var stage: String
    /// The API key that sent it.
    public var keyID: String?
    /// The request as validated.
    public var request: ImageGenerationRequest
    /// The verdict that held it, or (denied/refused) the one that refused it.
    public var verdict: WardenVerdict
    /// Output-stage holds: the screened images awaiting the reviewer (SHA-256, audit image store).
    public var heldImageHashes: [String]
    /// The reviewer's key and note, once decided.
    public var reviewerKeyID: String?
    public var note: String?
    /// Completed: the served image ids, in order, and the seed used.
    public var imageIDs: [String]
    public var seed: UInt64?
    /// Failed: why.
    public var failure: String?

    public init(id: String, created: Date = Date(), status: Status = .pending, stage: String, keyID: String?,
                request: ImageGenerationRequest, verdict: WardenVerdict, heldImageHashes: [String] = [],
                seed: UInt64? = nil) {
        self.id = id
        self.created = created
        self.updated = created
        self.status = status
        self.stage = stage
        self.keyID = keyID
        self.request = request
        self.verdict = verdict
        self.heldImageHashes = heldImageHashes
        self.imageIDs = []
        self.seed = seed
    }

    /// A new request id: `req_` and 32 hex digits.
    public static func newID() -> String {
        "req_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// True for the ids `newID()` makes (checked before any lookup).
    public static func isWellFormed(id: String) -> Bool {
        id.hasPrefix("req_") && id.utf8.count == 36 && id.utf8.dropFirst(4).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
