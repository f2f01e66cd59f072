// swift-tools-version:6.0
// libFuzzer targets for Warden's parsers, outside the main package so `make test` never builds
// them. Build and run with `make fuzz SECONDS=600` (see docs/reliability.md); each target is one
// executable that hands libFuzzer (LLVMFuzzerRunDriver) a callback feeding one library entry point.
import Foundation
import PackageDescription

/// The image routes' decoders (helper "pipeline") are fuzzed once they are in the tree.
let hasImageRoutes = FileManager.default.fileExists(
    atPath: Context.packageDirectory + "/../Sources/Gateway/HTTP/MultipartForm.swift")
let requestSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)] + (hasImageRoutes ? [.define("WARDEN_IMAGE_ROUTES")] : [])

let fuzz: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "WardenFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Warden", path: ".."),
    ],
    targets: [
        .target(name: "FuzzDriver", swiftSettings: fuzz),
        .executableTarget(name: "FuzzPNG", dependencies: ["FuzzDriver", .product(name: "Imaging", package: "Warden")],
                          swiftSettings: fuzz),
        .executableTarget(name: "FuzzModerationJSON", dependencies: ["FuzzDriver", .product(name: "Gateway", package: "Warden")],
                          swiftSettings: requestSettings),
        .executableTarget(name: "FuzzPolicyYAML", dependencies: ["FuzzDriver", .product(name: "Policy", package: "Warden")],
                          swiftSettings: fuzz),
        .executableTarget(name: "FuzzTextNormalizer", dependencies: ["FuzzDriver", .product(name: "Screening", package: "Warden")],
                          swiftSettings: fuzz),
    ] + (hasImageRoutes ? [
        .executableTarget(name: "FuzzMultipart", dependencies: ["FuzzDriver", .product(name: "Gateway", package: "Warden")],
                          swiftSettings: fuzz),
    ] : [])
)
