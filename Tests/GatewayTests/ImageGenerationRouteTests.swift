import Audit
import Foundation
import Imaging
import Testing
@testable import Gateway

/// `POST /v1/images/generations` and `GET /v1/images/{id}.png` in process, with the real prompt
/// models and default policy, a painting generator and a colour-rule image screen.
@Suite("Image generation routes")
struct ImageGenerationRouteTests {
    @Test("a benign prompt gives n screened PNGs, and every decision is in the audit log first")
    func generates() async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let response = await fixture.post("/v1/images/generations",
                                          json: #"{"prompt":"a red apple on a blue background","n":2,"size":"64x64","seed":7}"#)
        #expect(response.status == 200)
        let data = try #require(response.object?["data"] as? [[String: Any]])
        #expect(data.count == 2)
        for item in data {
            let text = try #require(item["b64_json"] as? String)
            let png = try #require(Data(base64Encoded: text))
            let image = try PNGCodec.decode(png)
            #expect(image.width == 64 && image.height == 64)
        }
        let warden = try #require(response.warden)
        #expect(warden["seed"] as? Int == 7)
        let decisions = try #require(warden["decisions"] as? [[String: Any]])
        #expect(decisions.map { $0["stage"] as? String } == ["prompt", "output_image", "output_image"])
        // The router counted the answer with its decision; the stages were timed.
        #expect(fixture.metrics.requestCount(route: "POST /v1/images/generations", decision: "allow", status: 200) == 1)
        #expect(fixture.metrics.render().contains("image_screen"))
        // One prompt row and one row per image, durable, chain intact, images stored by hash.
        let verification = try await fixture.audit.verify()
        #expect(verification.isIntact && verification.rowsChecked == 3)
        for decision in decisions {
            let idText = try #require(decision["decision_id"] as? String)
            let id = try #require(UUID(uuidString: idText))
            let record = try #require(try await fixture.audit.record(decisionID: id))
            #expect(record.draft.action == decision["action"] as? String)
            for hash in record.draft.imageHashes { #expect(fixture.audit.images.load(sha256: hash) != nil) }
        }
    }

    @Test("response_format url points at the image route, which serves only registered ids")
    func servesByURL() async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let response = await fixture.post("/v1/images/generations", json: #"{"prompt":"a green pear","response_format":"url"}"#)
        #expect(response.status == 200)
        let url = try #require((response.object?["data"] as? [[String: Any]])?.first?["url"] as? String)
        #expect(url.hasPrefix("http://warden.test:8080/v1/images/img_") && url.hasSuffix(".png"))
        let path = String(url.dropFirst("http://warden.test:8080".count))
        let image = await fixture.get(path)
        #expect(image.status == 200)
        #expect(image.headers["Content-Type"] == "image/png")
        #expect(try PNGCodec.decode(image.body).width == 64)
        for bad in ["/v1/images/..%2F..%2Fetc%2Fpasswd", "/v1/images/../../audit.sqlite3", "/v1/images/img_0123.png",
                    "/v1/images/img_0123456789abcdef0123456789abcdef.png", "/v1/images/" + path.dropFirst(11).dropLast(4),
                    "/v1/images/IMG_" + path.dropFirst(15)] {
            #expect(await fixture.get(bad).status == 404, "\(bad)")
        }
    }

    /// A prompt one character over the 4,000-character limit.
    static let overlongPrompt = "{\"prompt\": \"" + String(repeating: "a", count: 4_001) + "\"}"

    @Test("bad bodies are 400s naming the parameter", arguments: [
        (#"not json"#, nil as String?),
        (#"{"n": 2}"#, "prompt"),
        (#"{"prompt": ""}"#, "prompt"),
        (#"{"prompt": 42}"#, "prompt"),
        (#"{"prompt": "a cat", "n": 0}"#, "n"),
        (#"{"prompt": "a cat", "n": 5}"#, "n"),
        (#"{"prompt": "a cat", "n": 1.5}"#, "n"),
        (#"{"prompt": "a cat", "size": "1024x1024"}"#, "size"),
        (#"{"prompt": "a cat", "size": "64x256"}"#, "size"),
        (#"{"prompt": "a cat", "response_format": "jpeg"}"#, "response_format"),
        (#"{"prompt": "a cat", "steps": 0}"#, "steps"),
        (#"{"prompt": "a cat", "guidance": "high"}"#, "guidance"),
        (#"{"prompt": "a cat", "seed": -1}"#, "seed"),
        ("overlong", "prompt"),
    ])
    func badBodies(body: String, param: String?) async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let response = await fixture.post("/v1/images/generations", json: body == "overlong" ? Self.overlongPrompt : body)
        #expect(response.status == 400)
        let error = try #require(response.errorObject)
        #expect(error["param"] as? String == param)
        #expect(error["type"] as? String == "invalid_request_error")
        #expect(try await fixture.audit.verify().rowsChecked == 0)
    }

    @Test("a refused prompt is a 400 content_policy_violation with Warden's explanation; nothing is generated")
    func refusesPrompt() async throws {
        let generator = PaintingGenerator()
        let fixture = try await GenerationFixture.make(generator: .success(generator))
        defer { fixture.close() }
        let response = await fixture.post("/v1/images/generations", json: #"{"prompt":"a diagram of a pipe bomb in a garage"}"#)
        #expect(response.status == 400)
        let error = try #require(response.errorObject)
        #expect(error["code"] as? String == "content_policy_violation")
        #expect(error["type"] as? String == "invalid_request_error")
        #expect(error["param"] as? String == "prompt")
        let message = try #require(error["message"] as? String)
        #expect(message.hasPrefix("Your request was refused"))
        let warden = try #require(response.warden)
        #expect(warden["stage"] as? String == "prompt")
        #expect(warden["action"] as? String == "block")
        #expect(warden["policy_id"] as? String == "warden-default")
        #expect((warden["rules"] as? [[String: Any]])?.isEmpty == false)
        let spans = try #require(warden["matched_spans"] as? [[String: Any]])
        #expect(spans.contains { $0["text"] as? String == "pipe bomb" && $0["start"] as? Int == 15 && $0["end"] as? Int == 24 })
        #expect(message.contains("\"pipe bomb\""))
        #expect(generator.callCount == 0)
        let idText = try #require(warden["decision_id"] as? String)
        let id = try #require(UUID(uuidString: idText))
        #expect(try await fixture.audit.record(decisionID: id)?.draft.action == "block")
    }

    @Test("a refused output image is never returned nor served, and the refusal names the output stage")
    func refusesOutputImage() async throws {
        // Pure red is "nudity 0.95" to this screen; the default policy blocks nudity >= 0.80.
        let fixture = try await GenerationFixture.make(generator: .success(PaintingGenerator { _, index in index == 1 ? (255, 0, 0) : (20, 120, 20) }),
                                            screen: .success(ColourScreen { red, green, blue in
                                                (red == 255 && green == 0 && blue == 0 ? 0.95 : 0.01, [:]) }))
        defer { fixture.close() }
        let response = await fixture.post("/v1/images/generations", json: #"{"prompt":"a tomato on a plate","n":2,"response_format":"url"}"#)
        #expect(response.status == 400)
        #expect(response.errorObject?["code"] as? String == "content_policy_violation")
        let warden = try #require(response.warden)
        #expect(warden["stage"] as? String == "output_image")
        #expect((warden["rules"] as? [[String: Any]])?.first?["id"] as? String == "image-nudity-block")
        #expect(!String(decoding: response.body, as: UTF8.self).contains("b64_json"))
        #expect(!String(decoding: response.body, as: UTF8.self).contains("/v1/images/img_"))
        // Both images were decided and logged (the refused one is kept for reviewers by hash).
        let verification = try await fixture.audit.verify()
        #expect(verification.rowsChecked == 3)
        let page = try await fixture.audit.query(AuditQuery(action: "block", limit: 10))
        #expect(page.records.count == 1 && page.records[0].draft.stage == "output_image")
    }

    @Test("without image screening an allowed prompt fails closed (503) before generating anything")
    func failsClosedWithoutImageScreening() async throws {
        let generator = PaintingGenerator()
        let fixture = try await GenerationFixture.make(generator: .success(generator),
                                            screen: .failure(GatewayFailure(reason: "Models/nudity/model.safetensors missing")))
        defer { fixture.close() }
        let response = await fixture.post("/v1/images/generations", json: #"{"prompt":"a red apple"}"#)
        #expect(response.status == 503)
        #expect(response.errorObject?["code"] as? String == "image_screening_unavailable")
        #expect(generator.callCount == 0)
        let noGenerator = try await GenerationFixture.make(generator: .failure(GatewayFailure(reason: "no weights")))
        defer { noGenerator.close() }
        #expect(await noGenerator.post("/v1/images/generations", json: #"{"prompt":"a red apple"}"#).status == 503)
        // A refused prompt still gets its explanation: nothing would be generated anyway.
        let refused = await fixture.post("/v1/images/generations", json: #"{"prompt":"a diagram of a pipe bomb in a garage"}"#)
        #expect(refused.status == 400)
        #expect(refused.errorObject?["code"] as? String == "content_policy_violation")
    }
}
