import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only, memory-mapped safetensors file (https://github.com/huggingface/safetensors).
///
/// Layout: an 8-byte little-endian header length `N`, `N` bytes of JSON mapping each tensor name
/// to `{dtype, shape, data_offsets: [begin, end]}` (offsets relative to the data section that
/// follows the header), then the data. Opening the file parses the header once and checks every
/// entry against the file size, the way stable-diffusion.cpp does before reading anything: a bad
/// file fails at `init` with the tensor and file named, never later with a crash.
/// `tensor(named:)` converts F32, F16 and BF16 to Float32.
public struct SafeTensorsFile: Sendable {
    /// The element types a safetensors header may declare, with their sizes.
    public enum DType: String, Sendable, CaseIterable {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64, .i64: return 8
            case .f32, .i32: return 4
            case .f16, .bf16, .i16: return 2
            case .i8, .u8, .bool: return 1
            }
        }
    }

    /// One header entry after validation.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var dtype: DType
        public var shape: [Int]
        /// Byte range inside the data section.
        public var begin: Int
        public var end: Int
    }

    /// Largest header accepted (the format's own reader limit is 100 MB).
    public static let maximumHeaderLength: UInt64 = 100_000_000

    /// Path of the file, used in every error.
    public let path: String
    /// Entries by tensor name.
    public let entries: [String: Entry]
    /// The `__metadata__` string map, empty when absent.
    public let metadata: [String: String]
    private let mapping: MappedFile
    private let dataStart: Int

    /// Tensor names, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// Maps the file and validates its header and every entry.
    public init(url: URL) throws {
        let path = url.path
        let mapping = try MappedFile(path: path)
        self.path = path
        self.mapping = mapping
        let size = mapping.size
        guard size >= 8 else { throw TensorError.truncatedHeader(file: path, headerLength: 0, fileSize: size) }
        let headerLength = mapping.base.loadUnaligned(as: UInt64.self).littleEndian
        guard headerLength <= SafeTensorsFile.maximumHeaderLength, headerLength <= UInt64(size - 8) else {
            throw TensorError.truncatedHeader(file: path, headerLength: headerLength, fileSize: size)
        }
        let headerData = Data(bytes: mapping.base + 8, count: Int(headerLength))
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: headerData)
        } catch {
            throw TensorError.malformedHeader(file: path, reason: "not valid JSON (\(error.localizedDescription))")
        }
        guard let object = json as? [String: Any] else {
            throw TensorError.malformedHeader(file: path, reason: "the header is not a JSON object")
        }
        dataStart = 8 + Int(headerLength)
        let dataSize = size - dataStart
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else {
                    throw TensorError.malformedHeader(file: path, reason: "__metadata__ is not an object")
                }
                for (key, item) in map {
                    guard let text = item as? String else {
                        throw TensorError.malformedHeader(file: path, reason: "__metadata__[\(key)] is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            entries[name] = try SafeTensorsFile.entry(name: name, value: value, file: path, dataSize: dataSize)
        }
        self.entries = entries
        self.metadata = metadata
    }

    private static func entry(name: String, value: Any, file: String, dataSize: Int) throws -> Entry {
        guard let fields = value as? [String: Any] else {
            throw TensorError.malformedEntry(tensor: name, file: file, reason: "not an object")
        }
        guard let dtypeName = fields["dtype"] as? String else {
            throw TensorError.malformedEntry(tensor: name, file: file, reason: "no dtype string")
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw TensorError.unsupportedDType(tensor: name, file: file, dtype: dtypeName)
        }
        guard let shapeValues = fields["shape"] as? [Any], let shape = integers(shapeValues),
              shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.malformedEntry(tensor: name, file: file, reason: "shape is not a list of non-negative integers")
        }
        guard let offsetValues = fields["data_offsets"] as? [Any], let offsets = integers(offsetValues),
              offsets.count == 2 else {
            throw TensorError.malformedEntry(tensor: name, file: file, reason: "data_offsets is not a pair of integers")
        }
        let begin = offsets[0], end = offsets[1]
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw TensorError.offsetOutOfBounds(tensor: name, file: file, begin: begin, end: end, dataSize: dataSize)
        }
        var elements = 1
        for extent in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                throw TensorError.sizeMismatch(tensor: name, file: file, shape: shape, dtype: dtypeName, bytes: end - begin)
            }
            elements = product
        }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, bytes == end - begin else {
            throw TensorError.sizeMismatch(tensor: name, file: file, shape: shape, dtype: dtypeName, bytes: end - begin)
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// JSON numbers that are exact integers, or nil.
    private static func integers(_ values: [Any]) -> [Int]? {
        var result: [Int] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard let number = value as? NSNumber else { return nil }
            let double = number.doubleValue
            guard double.isFinite, double == double.rounded(), abs(double) < 9.0e15 else { return nil }
            result.append(number.intValue)
        }
        return result
    }

    /// The tensor `name` as Float32 (F32 copied, F16 and BF16 widened).
    public func tensor(named name: String) throws -> Tensor {
        guard let entry = entries[name] else { throw TensorError.missingTensor(name: name, file: path) }
        guard [.f32, .f16, .bf16].contains(entry.dtype) else {
            throw TensorError.unsupportedDType(tensor: name, file: path, dtype: entry.dtype.rawValue)
        }
        let count = Tensor.count(of: entry.shape)
        let source = mapping.base + dataStart + entry.begin
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { out in
            guard let target = out.baseAddress else { return }
            switch entry.dtype {
            case .f32:
                UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * 4)
                #if _endian(big)
                for i in 0..<count { target[i] = Float(bitPattern: UInt32(littleEndian: target[i].bitPattern)) }
                #endif
            case .f16:
                for i in 0..<count {
                    let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                    target[i] = SafeTensorsFile.halfToFloat(bits)
                }
            case .bf16:
                for i in 0..<count {
                    let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                    target[i] = Float(bitPattern: UInt32(bits) << 16)
                }
            default:
                break
            }
        }
        return Tensor(shape: entry.shape, data: values)
    }

    /// The tensor `name`, checked to have `shape`.
    public func tensor(named name: String, shape: [Int]) throws -> Tensor {
        guard let entry = entries[name] else { throw TensorError.missingTensor(name: name, file: path) }
        guard entry.shape == shape else {
            throw TensorError.unexpectedShape(tensor: name, file: path, expected: shape, actual: entry.shape)
        }
        return try tensor(named: name)
    }

    /// Compares the file's tensors with the ones a model expects (name -> shape).
    /// Names starting with one of `ignoredPrefixes` are neither missing nor unexpected.
    /// Throws `keyMismatch` listing missing and unexpected names, or `unexpectedShape`.
    public func validate(expected: [String: [Int]], ignoredPrefixes: [String] = []) throws {
        let ignored = { (name: String) in ignoredPrefixes.contains { name.hasPrefix($0) } }
        let missing = expected.keys.filter { entries[$0] == nil && !ignored($0) }.sorted()
        let unexpected = entries.keys.filter { expected[$0] == nil && !ignored($0) }.sorted()
        guard missing.isEmpty && unexpected.isEmpty else {
            throw TensorError.keyMismatch(file: path, missing: missing, unexpected: unexpected)
        }
        for (name, shape) in expected.sorted(by: { $0.key < $1.key }) {
            if let entry = entries[name], entry.shape != shape {
                throw TensorError.unexpectedShape(tensor: name, file: path, expected: shape, actual: entry.shape)
            }
        }
    }

    /// IEEE 754 binary16 to binary32, subnormals, infinities and NaN included.
    @inline(__always)
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            // zero or subnormal: mantissa · 2^-24
            let magnitude = Float(mantissa) * 5.9604644775390625e-08
            return sign == 0 ? magnitude : -magnitude
        }
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }
}

/// A whole file mapped read-only; unmapped when the last `SafeTensorsFile` copy goes away.
/// The mapping is never written, so sharing it across threads is safe.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let size: Int

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw TensorError.cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw TensorError.cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw TensorError.cannotOpen(file: path, reason: "not a regular file")
        }
        size = Int(info.st_size)
        if size == 0 {
            // mmap of 0 bytes fails; use a small owned buffer instead (init rejects the file anyway).
            base = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8))
            return
        }
        let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let pointer, pointer != MAP_FAILED else {
            throw TensorError.cannotOpen(file: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(pointer)
    }

    deinit {
        if size == 0 {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        } else {
            munmap(UnsafeMutableRawPointer(mutating: base), size)
        }
    }
}
