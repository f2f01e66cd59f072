import Testing
@testable import Imaging

@Suite("Resize, crop and masks")
struct ImageOperationTests {
    static func grey(_ values: [UInt8], width: Int, alpha: UInt8 = 255) throws -> RGBAImage {
        try RGBAImage(width: width, height: values.count / width, pixels: values.flatMap { [$0, $0, $0, alpha] })
    }

    @Test("bilinear upscaling uses half-pixel centres: [0, 255] -> [0, 64, 191, 255]")
    func bilinearUpscale() throws {
        let image = try Self.grey([0, 255], width: 2)
        let resized = try image.resized(width: 4, height: 1)
        #expect(stride(from: 0, to: 16, by: 4).map { resized.pixels[$0] } == [0, 64, 191, 255])
    }

    @Test("a uniform image stays uniform at any size", arguments: [(1, 1), (3, 7), (64, 64)])
    func uniform(size: (Int, Int)) throws {
        let image = try RGBAImage(width: 5, height: 4, fill: (10, 20, 30, 200))
        let resized = try image.resized(width: size.0, height: size.1)
        #expect(resized == (try RGBAImage(width: size.0, height: size.1, fill: (10, 20, 30, 200))))
    }

    @Test("a transparent pixel does not bleed its hidden colour")
    func noBleed() throws {
        let image = try RGBAImage(width: 2, height: 1, pixels: [255, 0, 0, 255, 0, 255, 0, 0])
        let resized = try image.resized(width: 3, height: 1)
        for x in 0..<3 where resized.pixel(x: x, y: 0)[3] > 0 {
            #expect(Array(resized.pixel(x: x, y: 0).prefix(3)) == [255, 0, 0])
        }
    }

    @Test("resize to zero is invalidDimensions")
    func resizeZero() throws {
        #expect(throws: ImagingError.invalidDimensions(width: 0, height: 4, operation: "resize")) {
            try RGBAImage(width: 2, height: 2, fill: (0, 0, 0, 0)).resized(width: 0, height: 4)
        }
    }

    @Test("centre crop keeps the middle")
    func centreCrop() throws {
        let image = try Self.grey((0..<16).map { UInt8($0) }, width: 4)
        let crop = try image.centerCropped(width: 2, height: 2)
        #expect(stride(from: 0, to: 16, by: 4).map { crop.pixels[$0] } == [5, 6, 9, 10])
    }

    @Test("a crop larger than the image is cropOutOfBounds")
    func cropTooLarge() throws {
        let image = try Self.grey([0, 0, 0, 0], width: 2)
        #expect(throws: ImagingError.cropOutOfBounds(width: 3, height: 1, imageWidth: 2, imageHeight: 2)) {
            try image.centerCropped(width: 3, height: 1)
        }
    }

    @Test("aspect fill of 8x4 to 4x4 scales then crops to the target size")
    func aspectFill() throws {
        let image = try RGBAImage(width: 8, height: 4, fill: (1, 2, 3, 255))
        let filled = try image.aspectFilled(width: 4, height: 4)
        #expect(filled == (try RGBAImage(width: 4, height: 4, fill: (1, 2, 3, 255))))
    }

    @Test("a pixel buffer of the wrong size is pixelCountMismatch")
    func wrongBuffer() {
        #expect(throws: ImagingError.pixelCountMismatch(width: 2, height: 2, expectedBytes: 16, actualBytes: 15)) {
            try RGBAImage(width: 2, height: 2, pixels: [UInt8](repeating: 0, count: 15))
        }
    }

    @Test("mask: transparent = change, opaque = keep (OpenAI convention)")
    func maskConvention() throws {
        let mask = try RGBAImage(width: 3, height: 1, pixels: [0, 0, 0, 0, 9, 9, 9, 255, 0, 0, 0, 100])
        let edit = EditMask(alphaOf: mask)
        #expect(edit.editRegion() == [true, false, false])
        #expect(edit.editRegion(threshold: 0.5) == [true, false, true])
        #expect(edit.weights[0] == 1 && edit.weights[1] == 0)
        #expect(abs(edit.editedFraction() - 1.0 / 3.0) < 1e-9)
    }

    @Test("a mask of another size than the image is maskSizeMismatch")
    func maskMismatch() throws {
        let mask = try RGBAImage(width: 2, height: 2, fill: (0, 0, 0, 0))
        let image = try RGBAImage(width: 3, height: 2, fill: (0, 0, 0, 255))
        #expect(throws: ImagingError.maskSizeMismatch(maskWidth: 2, maskHeight: 2, imageWidth: 3, imageHeight: 2)) {
            try EditMask(alphaOf: mask, matching: image)
        }
    }

    @Test("a mask resized keeps a fully transparent region fully editable")
    func maskResize() throws {
        let mask = EditMask(alphaOf: try RGBAImage(width: 2, height: 2, fill: (0, 0, 0, 0)))
        let resized = try mask.resized(width: 8, height: 8)
        #expect(resized.width == 8 && resized.height == 8)
        #expect(resized.editRegion().allSatisfy { $0 })
    }
}
