import Audit
import Foundation
import Logging

/// The image side of the gateway: the guarded pipeline, the request store and the routes over
/// them. Opened after ``GatewayServices`` (it reuses its audit log, prompt moderator and metrics).
public struct GenerationServices: Sendable {
    public var images: ImageGenerationService
    public var reviews: ReviewService

    public init(images: ImageGenerationService, reviews: ReviewService) {
        self.images = images
        self.reviews = reviews
    }

    /// Opens `<data-dir>/requests.sqlite3` and loads the generator and the image screen; a part
    /// that fails to load makes the generating routes answer 503 (fail closed).
    public static func open(configuration: WardenServer.Configuration, services: GatewayServices,
                            logger: Logger) throws(GatewayError) -> GenerationServices {
        let store = try RequestStore(dataDirectory: configuration.dataDirectory)
        let metrics = services.metrics
        let queue = GenerationQueue(depthObserver: { metrics.setQueueDepth($0) })
        let pipeline = GuardedGeneration.load(moderator: services.moderator, audit: services.audit, store: store,
                                              paths: configuration.paths, queue: queue, metrics: metrics, logger: logger)
        if case let .success(loaded) = pipeline {
            // Requests approved before a restart but not finished run again.
            Task.detached { await loaded.resumeApprovedRequests() }
        }
        return GenerationServices(
            images: ImageGenerationService(pipeline: pipeline, store: store, audit: services.audit, logger: logger),
            reviews: ReviewService(pipeline: pipeline, store: store, audit: services.audit))
    }

    /// The generator's and the image screen's load state, for `/healthz`.
    public var modelChecks: [String: HealthCheck.ModelCheck] {
        switch images.pipeline {
        case let .success(pipeline):
            return ["image_generation": .of(pipeline.generator.map { _ in () }),
                    "image_screening": .of(pipeline.imageScreen.map { _ in () })]
        case let .failure(failure):
            let missing = HealthCheck.ModelCheck(loaded: false, detail: failure.reason)
            return ["image_generation": missing, "image_screening": missing]
        }
    }

    /// The image routes (client role), the image files (open: unguessable ids of screened,
    /// allowed images) and the reviewers' routes (reviewer role).
    public func register(in router: inout Router) {
        let images = self.images
        let reviews = self.reviews
        router.add(.post, "/v1/images/generations", roles: [.client]) { request, context in
            await images.generations(request, context: context)
        }
        router.add(.post, "/v1/images/edits", roles: [.client]) { request, context in
            await images.edits(request, context: context)
        }
        router.add(.get, "/v1/images/{file}") { request in await images.image(request) }
        router.add(.get, "/v1/requests/{id}", roles: [.client, .reviewer]) { request, context in
            await images.poll(request, context: context)
        }
        router.add(.get, "/v1/admin/reviews", roles: [.reviewer]) { request, _ in await reviews.list(request) }
        router.add(.post, "/v1/admin/reviews/{id}/approve", roles: [.reviewer]) { request, context in
            await reviews.decide(request, context: context, approve: true)
        }
        router.add(.post, "/v1/admin/reviews/{id}/deny", roles: [.reviewer]) { request, context in
            await reviews.decide(request, context: context, approve: false)
        }
        router.add(.get, "/v1/admin/reviews/{id}/images/{n}", roles: [.reviewer]) { request, _ in
            await reviews.heldImage(request)
        }
    }
}
