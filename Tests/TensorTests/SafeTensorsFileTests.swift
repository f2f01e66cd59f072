import Foundation
import Testing
@testable import Tensor

/// Writes small safetensors files by hand: the 8-byte little-endian header length, the JSON
/// header, then the raw data section.
private struct SafeTensorsFixture {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("warden-safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, header: String, data: [UInt8], declaredHeaderLength: UInt64? = nil) throws -> URL {
        let json = Array(header.utf8)
        var bytes: [UInt8] = []
        let length = declaredHeaderLength ?? UInt64(json.count)
        for i in 0..<8 { bytes.append(UInt8((length >> (8 * UInt64(i))) & 0xFF)) }
        bytes += json + data
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func raw(_ name: String, bytes: [UInt8]) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static func littleEndian(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in (0..<4).map { UInt8((v.bitPattern >> (8 * UInt32($0))) & 0xFF) } }
    }

    static func littleEndian16(_ values: [UInt16]) -> [UInt8] {
        values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }
}

@Suite("safetensors reader")
struct SafeTensorsFileTests {
    /// F32 "a" [2,2], F16 "b" [3] = [1, -2, 0.5], BF16 "c" [2] = [1, -3], I64 "ids" [1].
    private func validFile(_ fixture: SafeTensorsFixture) throws -> URL {
        let header = """
        {"__metadata__":{"format":"pt"},
         "a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},
         "b":{"dtype":"F16","shape":[3],"data_offsets":[16,22]},
         "c":{"dtype":"BF16","shape":[2],"data_offsets":[22,26]},
         "ids":{"dtype":"I64","shape":[1],"data_offsets":[26,34]}}
        """
        var data = SafeTensorsFixture.littleEndian([1, 2.5, -3, 4])
        data += SafeTensorsFixture.littleEndian16([0x3C00, 0xC000, 0x3800])
        data += SafeTensorsFixture.littleEndian16([0x3F80, 0xC040])
        data += [7, 0, 0, 0, 0, 0, 0, 0]
        return try fixture.write("valid.safetensors", header: header, data: data)
    }

    @Test("reads F32, F16 and BF16 tensors as Float32 with their shapes")
    func readsValidFile() throws {
        let fixture = try SafeTensorsFixture()
        let file = try SafeTensorsFile(url: try validFile(fixture))
        #expect(file.names == ["a", "b", "c", "ids"])
        #expect(file.metadata == ["format": "pt"])
        let a = try file.tensor(named: "a")
        #expect(a.shape == [2, 2] && a.data == [1, 2.5, -3, 4])
        #expect(try file.tensor(named: "b").data == [1, -2, 0.5])
        #expect(try file.tensor(named: "c").data == [1, -3])
        #expect(try file.tensor(named: "a", shape: [2, 2]).count == 4)
    }

    @Test("asking for an absent tensor, a wrong shape or an integer tensor is a typed error")
    func lookupErrors() throws {
        let fixture = try SafeTensorsFixture()
        let url = try validFile(fixture)
        let file = try SafeTensorsFile(url: url)
        #expect(throws: TensorError.missingTensor(name: "zzz", file: url.path)) { try file.tensor(named: "zzz") }
        #expect(throws: TensorError.unexpectedShape(tensor: "a", file: url.path, expected: [4], actual: [2, 2])) {
            try file.tensor(named: "a", shape: [4])
        }
        #expect(throws: TensorError.unsupportedDType(tensor: "ids", file: url.path, dtype: "I64")) {
            try file.tensor(named: "ids")
        }
    }

    @Test("validate reports missing and unexpected keys, and ignores listed prefixes")
    func validateKeys() throws {
        let fixture = try SafeTensorsFixture()
        let url = try validFile(fixture)
        let file = try SafeTensorsFile(url: url)
        #expect(throws: TensorError.keyMismatch(file: url.path, missing: ["d"], unexpected: ["c"])) {
            try file.validate(expected: ["a": [2, 2], "b": [3], "d": [1]], ignoredPrefixes: ["ids"])
        }
        try file.validate(expected: ["a": [2, 2], "b": [3], "c": [2]], ignoredPrefixes: ["ids"])
        #expect(throws: TensorError.unexpectedShape(tensor: "b", file: url.path, expected: [4], actual: [3])) {
            try file.validate(expected: ["a": [2, 2], "b": [4], "c": [2], "ids": [1]])
        }
    }

    @Test("a file shorter than its header length is reported as truncated")
    func truncated() throws {
        let fixture = try SafeTensorsFixture()
        let tiny = try fixture.raw("tiny.safetensors", bytes: [1, 2, 3])
        #expect(throws: TensorError.truncatedHeader(file: tiny.path, headerLength: 0, fileSize: 3)) {
            try SafeTensorsFile(url: tiny)
        }
        let long = try fixture.write("long.safetensors", header: "{}", data: [], declaredHeaderLength: 1000)
        #expect(throws: TensorError.truncatedHeader(file: long.path, headerLength: 1000, fileSize: 10)) {
            try SafeTensorsFile(url: long)
        }
        // the data section cut short: the tensor's end lies past the end of the file
        let cut = try fixture.write("cut.safetensors", header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#,
                                    data: SafeTensorsFixture.littleEndian([1, 2]))
        #expect(throws: TensorError.offsetOutOfBounds(tensor: "w", file: cut.path, begin: 0, end: 16, dataSize: 8)) {
            try SafeTensorsFile(url: cut)
        }
    }

    @Test("bad offsets name the tensor and the file")
    func badOffsets() throws {
        let fixture = try SafeTensorsFixture()
        let reversed = try fixture.write("reversed.safetensors",
                                         header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}"#,
                                         data: [UInt8](repeating: 0, count: 8))
        do {
            _ = try SafeTensorsFile(url: reversed)
            Issue.record("reversed offsets were accepted")
        } catch let error as TensorError {
            #expect(error == .offsetOutOfBounds(tensor: "w", file: reversed.path, begin: 8, end: 4, dataSize: 8))
            #expect(error.description.contains("'w'") && error.description.contains(reversed.path))
        }
        let wrongSize = try fixture.write("size.safetensors",
                                          header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
                                          data: [UInt8](repeating: 0, count: 8))
        #expect(throws: TensorError.sizeMismatch(tensor: "w", file: wrongSize.path, shape: [3], dtype: "F32", bytes: 8)) {
            try SafeTensorsFile(url: wrongSize)
        }
        let negative = try fixture.write("negative.safetensors",
                                         header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#,
                                         data: [UInt8](repeating: 0, count: 4))
        #expect(throws: TensorError.offsetOutOfBounds(tensor: "w", file: negative.path, begin: -4, end: 0, dataSize: 4)) {
            try SafeTensorsFile(url: negative)
        }
    }

    @Test("malformed headers and entries are typed errors", arguments: [
        "not json",
        "[1, 2, 3]",
        #"{"w": 5}"#,
        #"{"w":{"shape":[1],"data_offsets":[0,4]}}"#,
        #"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#,
        #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#,
        #"{"w":{"dtype":"F8_X","shape":[1],"data_offsets":[0,4]}}"#,
        #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#,
    ])
    func malformed(header: String) throws {
        let fixture = try SafeTensorsFixture()
        let url = try fixture.write("bad.safetensors", header: header, data: [0, 0, 0, 0])
        #expect(throws: TensorError.self) { try SafeTensorsFile(url: url) }
    }

    @Test("a missing file is a typed error naming the path")
    func missingFile() {
        #expect(throws: TensorError.self) {
            try SafeTensorsFile(url: URL(fileURLWithPath: "/nonexistent/warden/model.safetensors"))
        }
    }

    @Test("half-precision conversion covers normals, subnormals, zero, infinity and NaN")
    func halfConversion() {
        #expect(SafeTensorsFile.halfToFloat(0x3C00) == 1)
        #expect(SafeTensorsFile.halfToFloat(0x7BFF) == 65504)
        #expect(SafeTensorsFile.halfToFloat(0x0001) == 5.9604644775390625e-08)
        #expect(SafeTensorsFile.halfToFloat(0x8000) == 0 && SafeTensorsFile.halfToFloat(0x8000).sign == .minus)
        #expect(SafeTensorsFile.halfToFloat(0x7C00) == .infinity)
        #expect(SafeTensorsFile.halfToFloat(0xFC00) == -.infinity)
        #expect(SafeTensorsFile.halfToFloat(0x7E00).isNaN)
        #expect(SafeTensorsFile.halfToFloat(0x3555) == Float(Float16(bitPattern: 0x3555)))
    }
}
