// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gongkai",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gongkai", targets: ["gongkai"]),
        .executable(name: "gongkai-bench", targets: ["gongkai-bench"]),
        .library(name: "DisclosureRules", targets: ["DisclosureRules"]),
        .library(name: "DisclosureReaders", targets: ["DisclosureReaders"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // The law as code: Foundation only (report formats, validation rules).
        .target(name: "DisclosureRules"),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Reading published reports (text, HTML, DOCX, PDF) into the report model.
        .target(
            name: "DisclosureReaders",
            dependencies: ["DisclosureRules", "CLibXML2", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: ["DisclosureRules", "DisclosureReaders", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "gongkai-bench", dependencies: ["DisclosureRules", "DisclosureReaders"]),
        .testTarget(name: "DisclosureRulesTests", dependencies: ["DisclosureRules"]),
        .testTarget(name: "DisclosureReadersTests", dependencies: ["DisclosureReaders", "DisclosureRules"]),
        .testTarget(name: "GongkaiCLITests", dependencies: ["gongkai", "DisclosureReaders"]),
    ]
)
