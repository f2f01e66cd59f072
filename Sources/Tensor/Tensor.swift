/// A dense Float32 tensor in row-major order with value semantics.
///
/// `shape` lists the extents, outermost first; `data` holds `shape.reduce(1, *)` elements with the
/// last index varying fastest. Ops live in extensions, one concern per file (`Tensor+Linear.swift`,
/// `Tensor+Conv2d.swift`, ...). Shape mismatches are programming errors and stop with a
/// precondition message that prints the shapes; data from outside (files, requests) is checked
/// before it becomes a tensor and reported as a `TensorError`.
public struct Tensor: Sendable, Equatable {
    /// Extents, outermost first, e.g. `[N, C, H, W]`.
    public private(set) var shape: [Int]
    /// Elements in row-major order.
    public var data: [Float]

    /// A tensor of `shape` holding `data` (count must equal the product of the extents).
    public init(shape: [Int], data: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        precondition(Tensor.count(of: shape) == data.count,
                     "Tensor: shape \(shape) needs \(Tensor.count(of: shape)) elements, got \(data.count)")
        self.shape = shape
        self.data = data
    }

    /// A tensor of `shape` filled with zeros.
    public init(zeros shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        self.shape = shape
        self.data = [Float](repeating: 0, count: Tensor.count(of: shape))
    }

    /// A tensor of `shape` filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        self.shape = shape
        self.data = [Float](repeating: value, count: Tensor.count(of: shape))
    }

    /// Number of elements of a shape.
    public static func count(of shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Number of elements.
    public var count: Int { data.count }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// The same elements under another shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(Tensor.count(of: newShape) == count,
                     "reshaped: cannot view shape \(shape) (\(count) elements) as \(newShape)")
        return Tensor(shape: newShape, data: data)
    }

    /// Element at a full multi-index (slow; for tests and small lookups).
    public subscript(_ index: Int...) -> Float {
        get { data[flatIndex(index)] }
        set { data[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "Tensor: index \(index) does not match shape \(shape)")
        var flat = 0
        for (i, extent) in zip(index, shape) {
            precondition(i >= 0 && i < extent, "Tensor: index \(index) out of range for shape \(shape)")
            flat = flat * extent + i
        }
        return flat
    }

    /// Row `i` of a tensor viewed as `[shape[0], rest]`, as a new tensor of shape `shape.dropFirst()`.
    public func row(_ i: Int) -> Tensor {
        precondition(rank >= 1 && i >= 0 && i < shape[0], "row: index \(i) out of range for shape \(shape)")
        let inner = count / max(shape[0], 1)
        return Tensor(shape: Array(shape.dropFirst()), data: Array(data[(i * inner)..<((i + 1) * inner)]))
    }
}
