import Audit
import Foundation
import Imaging
import Testing
@testable import Gateway

/// `POST /v1/images/edits` in process: multipart parsing, upload checks, the uploaded image's
/// own screening (stage input_image), and the edit itself.
@Suite("Image edit route")
struct ImageEditRouteTests {
    static func form(image: Data?, mask: Data?, prompt: String? = "add a yellow sun", extra: [String: String] = [:]) -> MultipartBody {
        var form = MultipartBody()
        if let prompt { form.field("prompt", prompt) }
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) { form.field(name, value) }
        if let image { form.file("image", image) }
        if let mask { form.file("mask", filename: "mask.png", mask) }
        return form.finished()
    }

    @Test("an edit keeps the unmasked pixels, changes the masked ones, and logs input and output decisions")
    func edits() async throws {
        let fixture = try await GenerationFixture.make(generator: .success(PaintingGenerator { _, _ in (250, 220, 0) }))
        defer { fixture.close() }
        let form = Self.form(image: try solidPNG(size: 64, (0, 0, 200)), mask: try solidPNG(size: 64, (0, 0, 0), hole: true),
                             extra: ["n": "1", "size": "64x64"])
        let response = await fixture.postForm("/v1/images/edits", form)
        #expect(response.status == 200)
        let item = try #require((response.object?["data"] as? [[String: Any]])?.first)
        let text = try #require(item["b64_json"] as? String)
        let image = try PNGCodec.decode(try #require(Data(base64Encoded: text)))
        #expect(image.pixel(x: 2, y: 2) == [0, 0, 200, 255])        // kept
        #expect(image.pixel(x: 32, y: 32) == [250, 220, 0, 255])    // changed
        let stages = (response.warden?["decisions"] as? [[String: Any]])?.compactMap { $0["stage"] as? String }
        #expect(stages == ["prompt", "input_image", "output_image"])
        #expect(try await fixture.audit.verify().rowsChecked == 3)
    }

    @Test("an uploaded image the policy blocks is refused with param image before generating")
    func refusesInputImage() async throws {
        let generator = PaintingGenerator()
        let fixture = try await GenerationFixture.make(generator: .success(generator), screen: .success(ColourScreen { red, green, blue in
            (red == 255 && green == 0 && blue == 0 ? 0.97 : 0.01, [:]) }))
        defer { fixture.close() }
        let response = await fixture.postForm("/v1/images/edits", Self.form(image: try solidPNG(size: 64, (255, 0, 0)),
                                                                           mask: try solidPNG(size: 64, (0, 0, 0), hole: true)))
        #expect(response.status == 400)
        #expect(response.errorObject?["code"] as? String == "content_policy_violation")
        #expect(response.errorObject?["param"] as? String == "image")
        #expect(response.warden?["stage"] as? String == "input_image")
        #expect(generator.callCount == 0)
    }

    @Test("bad uploads and bad forms are 400s naming the part", arguments: [
        ("not png", "image"), ("no image", "image"), ("mask size", "mask"), ("opaque mask", "mask"),
        ("not square", "image"), ("bad n", "n"), ("no prompt", "prompt"), ("corrupt png", "image"),
    ])
    func badUploads(case name: String, param: String) async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let image = try solidPNG(size: 64, (0, 0, 200))
        let mask = try solidPNG(size: 64, (0, 0, 0), hole: true)
        let form: MultipartBody
        switch name {
        case "not png": form = Self.form(image: Data("GIF89a not a png".utf8), mask: mask)
        case "no image": form = Self.form(image: nil, mask: mask)
        case "mask size": form = Self.form(image: image, mask: try solidPNG(size: 32, (0, 0, 0), hole: true))
        case "opaque mask": form = Self.form(image: image, mask: try solidPNG(size: 64, (0, 0, 0)))
        case "not square": form = Self.form(image: try PNGCodec.encode(try RGBAImage(width: 64, height: 32, fill: (1, 2, 3, 0))), mask: nil)
        case "bad n": form = Self.form(image: image, mask: mask, extra: ["n": "lots"])
        case "no prompt": form = Self.form(image: image, mask: mask, prompt: nil)
        default: form = Self.form(image: image.prefix(40) + Data(repeating: 7, count: 100), mask: mask)
        }
        let response = await fixture.postForm("/v1/images/edits", form)
        #expect(response.status == 400)
        #expect(response.errorObject?["param"] as? String == param)
        #expect(try await fixture.audit.verify().rowsChecked == 0)
    }

    @Test("a body that is not multipart/form-data is a 400 invalid_multipart", arguments: [
        ("application/json", "{\"prompt\": \"x\"}"),
        ("multipart/form-data", "--x\r\n"),
        ("multipart/form-data; boundary=abc", "--abc\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhello"),
        ("multipart/form-data; boundary=abc", "--abc\r\nContent-Type: text/plain\r\n\r\nhello\r\n--abc--\r\n"),
    ])
    func badMultipart(contentType: String, body: String) async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let response = await fixture.send(.post, "/v1/images/edits", headers: ["content-type": contentType], body: Data(body.utf8))
        #expect(response.status == 400)
        #expect(response.errorObject?["code"] as? String == "invalid_multipart")
    }
}
