import Foundation

/// A minimal reader of the safetensors files the prompt-classifier heads are stored in
/// (a little-endian UInt64 header length, a JSON header of `name -> {dtype, shape, data_offsets}`,
/// then the raw tensor bytes). F32 and F16 tensors are read into `[Float]`.
///
/// Private to Screening on purpose: the Tensor target's `SafeTensorsFile` (CONTRACTS.md) was
/// still being written when this was; once it is merged this type can be replaced by
/// `SafeTensorsFile(url:)` + `tensor(named:)` without changing `PromptClassifier`'s API.
struct HeadWeightsFile: Sendable {
    /// One tensor's shape and its values in row-major order.
    struct Entry: Sendable, Equatable {
        var shape: [Int]
        var values: [Float]
    }

    /// The file the tensors were read from, for error messages.
    let path: String
    /// Every tensor of the file by name.
    let tensors: [String: Entry]

    /// Reads and validates the whole file: every offset is checked against the data size and
    /// every byte count against the dtype and shape, naming the tensor in the error.
    init(url: URL) throws(ScreeningError) {
        path = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .modelFileUnreadable(path: url.path, reason: error.localizedDescription)
        }
        guard data.count >= 8 else {
            throw .weightsMalformed(file: url.path, reason: "file is \(data.count) bytes, shorter than the 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for (index, byte) in data.prefix(8).enumerated() {
            headerLength |= UInt64(byte) << (8 * UInt64(index))
        }
        guard headerLength <= UInt64(data.count - 8) else {
            throw .weightsMalformed(file: url.path, reason: "header length \(headerLength) exceeds file size \(data.count)")
        }
        let headerEnd = 8 + Int(headerLength)
        let header: [String: Any]
        do {
            let object = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd))
            guard let dictionary = object as? [String: Any] else {
                throw ScreeningError.weightsMalformed(file: url.path, reason: "header is not a JSON object")
            }
            header = dictionary
        } catch let error as ScreeningError {
            throw error
        } catch {
            throw .weightsMalformed(file: url.path, reason: "header is not valid JSON: \(error.localizedDescription)")
        }
        let dataSize = data.count - headerEnd
        var tensors: [String: Entry] = [:]
        for (name, value) in header where name != "__metadata__" {
            tensors[name] = try Self.readEntry(name: name, value: value, data: data, base: headerEnd,
                                               dataSize: dataSize, file: url.path)
        }
        self.tensors = tensors
    }

    /// The tensor `name`, checked to have `shape`.
    func tensor(named name: String, shape: [Int]) throws(ScreeningError) -> [Float] {
        guard let entry = tensors[name] else {
            throw .missingTensor(name: name, file: path)
        }
        guard entry.shape == shape else {
            throw .tensorShapeMismatch(name: name, expected: shape, actual: entry.shape, file: path)
        }
        return entry.values
    }

    private static func readEntry(name: String, value: Any, data: Data, base: Int, dataSize: Int,
                                  file: String) throws(ScreeningError) -> Entry {
        guard let fields = value as? [String: Any], let dtype = fields["dtype"] as? String,
              let shape = fields["shape"] as? [Int], let offsets = fields["data_offsets"] as? [Int],
              offsets.count == 2 else {
            throw .weightsMalformed(file: file, reason: "tensor \(name): entry lacks dtype, shape or data_offsets")
        }
        let width: Int
        switch dtype {
        case "F32": width = 4
        case "F16": width = 2
        default: throw .weightsMalformed(file: file, reason: "tensor \(name): dtype \(dtype) is not F32 or F16")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw .weightsMalformed(file: file, reason: "tensor \(name): negative dimension in shape \(shape)")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw .weightsMalformed(file: file, reason: "tensor \(name): offsets \(begin)..<\(end) outside data of \(dataSize) bytes")
        }
        let count = shape.reduce(1, *)
        guard end - begin == count * width else {
            throw .weightsMalformed(file: file, reason: "tensor \(name): \(end - begin) bytes for shape \(shape) of \(dtype)")
        }
        var values = [Float](repeating: 0, count: count)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let start = base + begin
            for index in 0..<count {
                if width == 4 {
                    let bits = raw.loadUnaligned(fromByteOffset: start + 4 * index, as: UInt32.self)
                    values[index] = Float(bitPattern: UInt32(littleEndian: bits))
                } else {
                    let bits = raw.loadUnaligned(fromByteOffset: start + 2 * index, as: UInt16.self)
                    values[index] = Float(Float16(bitPattern: UInt16(littleEndian: bits)))
                }
            }
        }
        return Entry(shape: shape, values: values)
    }
}
