import Foundation
import Testing
@testable import Gateway

@Suite("multipart/form-data parser")
struct MultipartFormTests {
    @Test("reads fields and files, quoted boundaries, preamble and epilogue, and filenames with ; and quotes")
    func parses() throws {
        let body = "preamble to ignore\r\n--b0und\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat\r\non two lines\r\n"
            + "--b0und\r\ncontent-disposition: form-data; name=\"image\"; filename=\"a;b \\\"c\\\".png\"\r\nContent-Type: image/png\r\n\r\n"
            + "\u{89}PNG--b0und-not-a-delimiter\r\n--b0und--\r\nepilogue"
        let form = try MultipartForm(body: Data(body.utf8), contentType: "multipart/form-data; charset=utf-8; boundary=\"b0und\"")
        #expect(form.parts.count == 2)
        #expect(try form.text(named: "prompt") == "a cat\r\non two lines")
        let image = try #require(form.part(named: "image"))
        #expect(image.filename == "a;b \"c\".png")
        #expect(image.contentType == "image/png")
        #expect(image.body == Data("\u{89}PNG--b0und-not-a-delimiter".utf8))
    }

    @Test("bare LF line ends, an empty part and binary bytes")
    func lenient() throws {
        var body = Data("--x\nContent-Disposition: form-data; name=\"empty\"\n\n\n--x\nContent-Disposition: form-data; name=\"bin\"\n\n".utf8)
        // "\r\n--x" then 0x01: at a line start but not ending the line, so content, not a delimiter.
        body.append(contentsOf: [0, 255, 13, 10, 45, 45, 120, 1])
        body.append(Data("\n--x--".utf8))
        let form = try MultipartForm(body: body, contentType: "multipart/form-data; boundary=x")
        #expect(form.part(named: "empty")?.body == Data())
        #expect(form.part(named: "bin")?.body == Data([0, 255, 13, 10, 45, 45, 120, 1]))
    }

    @Test("malformed bodies and headers are typed errors", arguments: [
        (nil as String?, "--x\r\n\r\n--x--"),
        ("text/plain; boundary=x", "--x--"),
        ("multipart/form-data", "--x--"),
        ("multipart/form-data; boundary=" + String(repeating: "b", count: 71), "--x--"),
        ("multipart/form-data; boundary=x", "no delimiter here"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--x--"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition form-data\r\n\r\nv\r\n--x--"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\nv\r\n--x--"),
    ])
    func malformed(contentType: String?, body: String) {
        #expect(throws: GatewayError.self) { try MultipartForm(body: Data(body.utf8), contentType: contentType) }
    }

    @Test("limits on parts, part size and header size")
    func limits() throws {
        let limits = MultipartForm.Limits(maxParts: 2, maxPartHeaderBytes: 200, maxPartBytes: 10)
        func part(_ name: String, _ value: String) -> String { "--x\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
        let ok = part("a", "1") + part("b", "0123456789") + "--x--"
        #expect(try MultipartForm(body: Data(ok.utf8), contentType: "multipart/form-data; boundary=x", limits: limits).parts.count == 2)
        for body in [part("a", "1") + part("b", "2") + part("c", "3") + "--x--",
                     part("a", "01234567890") + "--x--",
                     "--x\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Long: " + String(repeating: "h", count: 300) + "\r\n\r\nv\r\n--x--"] {
            #expect {
                try MultipartForm(body: Data(body.utf8), contentType: "multipart/form-data; boundary=x", limits: limits)
            } throws: { error in
                if case .multipartLimit = error as? GatewayError { return true }
                return false
            }
        }
    }
}
