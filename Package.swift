// swift-tools-version: 6.1
// GovLoad — an agent-based simulator of city governance load.
// Licensed under the GNU General Public License v3.0 or later (GSL is GPL-3).

import PackageDescription

let package = Package(
    name: "GovLoad",
    products: [
        .executable(name: "govload", targets: ["govload"]),
        .library(name: "GovLoad", targets: ["GovLoad"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // MARK: C shims
        // GSL as a system library: distributions, statistics, special functions.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // Philox4x32-10 (Random123) exposed as a gsl_rng_type with keyed streams.
        .target(
            name: "CRandom123",
            dependencies: ["CGSL"],
            cSettings: [.unsafeFlags(["-O3"])]
        ),

        // MARK: The library
        .target(
            name: "GovLoad",
            dependencies: [
                "CGSL",
                "CRandom123",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: [
                // Dynamic exclusivity checks on class properties cost about 60 % of the instructions
                // of the event loop (callgrind, BENCHMARKS.md); static checks remain.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
            ]
        ),

        // MARK: The command-line tool (thin: it only wires the library)
        .executableTarget(
            name: "govload",
            dependencies: [
                "GovLoad",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests
        .testTarget(
            name: "GovLoadTests",
            dependencies: ["GovLoad", "CRandom123", "CGSL"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
