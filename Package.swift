// swift-tools-version:6.0
// Warden: an offline content-safety gateway for image generation. See README.md and docs/.
import PackageDescription

/// Release numeric code: checked arithmetic off in the hot loops is decided per file with
/// `&+`/unsafe buffers, not by -Ounchecked, so these settings stay plain.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Warden",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "warden", targets: ["warden"]),
        // Libraries for the fuzz package under Fuzz/ (depends on this one by path; not in `make test`).
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "Policy", targets: ["Policy"]),
        .library(name: "Screening", targets: ["Screening"]),
        .library(name: "Gateway", targets: ["Gateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries (pkg-config names as in DESIGN.md).
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        // FP32 FMA peak probe (runtime ISA dispatch), the denominator of "share of peak".
        .target(name: "CPUPeak", cSettings: [.unsafeFlags(["-O2"])]),
        // Few-row matrix products on half-precision packed weights (runtime ISA dispatch).
        .target(name: "CHalfGEMM", cSettings: [.unsafeFlags(["-O3"])]),
        // The diffusion UNets' kernels: direct 3x3 convolution, group norm + SiLU, softmax (runtime ISA dispatch).
        .target(name: "CUNetKernels", cSettings: [.unsafeFlags(["-O3"])]),

        // Numeric core.
        .target(name: "Tensor", dependencies: ["COpenBLAS", "CPUPeak", "CHalfGEMM",
                                               .product(name: "Crypto", package: "swift-crypto"),
                                               .product(name: "Logging", package: "swift-log")],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "TextEncoder", dependencies: ["Tensor"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Diffusion", dependencies: ["Tensor", "TextEncoder", "Imaging", "COpenBLAS", "CUNetKernels",
                                                 .product(name: "Logging", package: "swift-log")],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Imaging", dependencies: ["CPNG"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Screening", dependencies: ["Tensor", "TextEncoder", "Imaging", "Policy",
                                                  .product(name: "Logging", package: "swift-log")],
                exclude: ["README.md"], swiftSettings: strict),

        // Policy and audit: no neural code.
        .target(name: "Storage", dependencies: ["CSQLite3"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Policy", dependencies: ["Yams", .product(name: "Crypto", package: "swift-crypto")],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Audit", dependencies: ["Storage", "Policy",
                                              .product(name: "Crypto", package: "swift-crypto"),
                                              .product(name: "Logging", package: "swift-log")],
                exclude: ["README.md"], swiftSettings: strict),

        // The gateway: pipeline, HTTP, auth, admin.
        .target(name: "Gateway", dependencies: ["CMicroHTTPD", "Tensor", "TextEncoder", "Diffusion",
                                                "Screening", "Policy", "Audit", "Storage", "Imaging",
                                                .product(name: "Crypto", package: "swift-crypto"),
                                                .product(name: "Logging", package: "swift-log")],
                exclude: ["README.md"], swiftSettings: strict),
        .executableTarget(name: "warden", dependencies: ["Gateway", "Tensor", "Audit", "Policy", "Screening",
                                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                                         .product(name: "Logging", package: "swift-log")],
                          swiftSettings: strict),

        // Tests (one target per module).
        .testTarget(name: "TensorTests", dependencies: ["Tensor"], swiftSettings: strict),
        .testTarget(name: "PolicyTests", dependencies: ["Policy"], swiftSettings: strict),
        .testTarget(name: "ScreeningTests", dependencies: ["Screening", "Imaging", "Tensor", "TextEncoder"], exclude: ["Fixtures"], swiftSettings: strict),
        // Reads Models/text-encoder (model + golden vectors) relative to the package root via #filePath.
        .testTarget(name: "TextEncoderTests", dependencies: ["TextEncoder", "Tensor"], swiftSettings: strict),
        .testTarget(name: "StorageTests", dependencies: ["Storage"], swiftSettings: strict),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "Storage", "Policy", "CSQLite3"], swiftSettings: strict),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"], swiftSettings: strict),
        // Reads Models/generator-base and Models/generator-upsampler (weights + golden vectors) via #filePath.
        .testTarget(name: "DiffusionTests", dependencies: ["Diffusion", "Tensor", "Imaging", "CUNetKernels"], swiftSettings: strict),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "Imaging", "Audit", "Policy", "Storage", "Screening",
                                                       .product(name: "Logging", package: "swift-log")],
                    swiftSettings: strict),
    ]
)
