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
        .library(name: "DisclosureStore", targets: ["DisclosureStore"]),
        .library(name: "DisclosureExport", targets: ["DisclosureExport"]),
        .library(name: "DisclosureService", targets: ["DisclosureService"]),
        .library(name: "DisclosureWeb", targets: ["DisclosureWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/fluent-kit", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver", from: "2.14.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        .package(url: "https://github.com/vapor/leaf", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // The law as code: Foundation only (report formats, validation rules).
        .target(name: "DisclosureRules"),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Reading published reports (text, HTML, DOCX, PDF) into the report model.
        .target(
            name: "DisclosureReaders",
            dependencies: ["DisclosureRules", "CLibXML2", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                           .product(name: "CSV", package: "CSV.swift")]
        ),
        // Fetching a published report by URL: limits and the guard against server-side request forgery (the only
        // client-side network code; kept out of the readers, which read bytes already in hand).
        .target(
            name: "DisclosureFetch",
            dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Storage: Fluent records, versioned migrations, repositories and the report queries (SQLite or PostgreSQL).
        .target(
            name: "DisclosureStore",
            dependencies: [
                "DisclosureRules",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Writers of the annual report: HTML (with SVG charts), DOCX, XLSX, CSV, JSON.
        .target(
            name: "DisclosureExport",
            dependencies: ["DisclosureRules", "DisclosureReaders", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The use cases every front end calls: one function per thing a person can do, plain values in and out.
        .target(
            name: "DisclosureService",
            dependencies: ["DisclosureRules", "DisclosureReaders", "DisclosureStore", "DisclosureExport", "DisclosureFetch"]
        ),
        // The web platform (Vapor + Leaf, server-rendered): public portal, staff back office, JSON API (spec-first:
        // openapi.yaml generates the API's types and routes). Calls the service.
        .target(
            name: "DisclosureWeb",
            dependencies: ["DisclosureService", "DisclosureRules", .product(name: "Vapor", package: "vapor"), .product(name: "Leaf", package: "leaf"),
                           .product(name: "LeafKit", package: "leaf-kit"),
                           .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                           .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "Prometheus", package: "swift-prometheus")],
            resources: [.copy("Site"), .copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The CLI: the service, the web platform (`gongkai serve`) and the rules' value types only.
        .executableTarget(
            name: "gongkai",
            dependencies: ["DisclosureService", "DisclosureWeb", "DisclosureRules", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "gongkai-bench", dependencies: ["DisclosureRules", "DisclosureReaders", "DisclosureStore", "DisclosureService",
                                                               .product(name: "NIOCore", package: "swift-nio"),
                                                               .product(name: "FluentKit", package: "fluent-kit"),
                                                               .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(name: "DisclosureRulesTests", dependencies: ["DisclosureRules"]),
        .testTarget(name: "DisclosureReadersTests", dependencies: ["DisclosureReaders", "DisclosureRules"]),
        .testTarget(name: "DisclosureFetchTests", dependencies: ["DisclosureFetch"]),
        .testTarget(name: "DisclosureStoreTests", dependencies: ["DisclosureStore", "DisclosureRules", "DisclosureService",
                                                               .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "DisclosureExportTests", dependencies: ["DisclosureExport", "DisclosureReaders", "DisclosureRules"]),
        .testTarget(name: "DisclosureWebTests", dependencies: ["DisclosureWeb", "DisclosureService", "DisclosureRules", "DisclosureStore", "DisclosureReaders",
                                                             .product(name: "VaporTesting", package: "vapor")]),
        .testTarget(name: "GongkaiCLITests", dependencies: ["gongkai", "gongkai-bench", "DisclosureReaders", "DisclosureStore"]),
    ]
)
