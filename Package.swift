// swift-tools-version: 6.1
// GovLoad — an agent-based simulator of city governance load.
// Licensed under the GNU General Public License v3.0 or later (GSL is GPL-3).

import PackageDescription

let package = Package(
    name: "GovLoad",
    products: [
        .executable(name: "govload", targets: ["govload"]),
        .library(name: "GovLoad", targets: ["GovLoad"]),
        .library(name: "GovLoadEngine", targets: ["GovLoadEngine"]),
    ],
    traits: [
        .trait(
            name: "MPI",
            description: "govload run --mpi: a study's runs spread over Open MPI ranks (needs libopenmpi-dev)"
        )
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
        // zlib as a system library: gzip streams for compressed outputs (`--compress gzip`).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Zstandard as a system library: zstd streams for compressed outputs (`--compress zstd`).
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // Open MPI as a system library, built only with the MPI trait (`swift build --traits MPI`).
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        // GLPK as a system library: the integer programme that turns a staffing requirement into
        // shifts at least cost (`govload staff`). Debian ships no pkg-config file for it.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // What the operating system says that Swift's Glibc module does not (the affinity mask),
        // and a cache prefetch hint.
        .target(name: "CGovLoadSystem"),
        // Philox4x32-10 (Random123) exposed as a gsl_rng_type with keyed streams.
        .target(name: "CRandom123", dependencies: ["CGSL"]),

        // MARK: The library, one target per layer (docs/architecture.md). Each depends only on the
        // layers below it, so an import that runs back up does not compile.
        // Diagnostics, GSL's error handler, hashing, the version.
        .target(name: "GovLoadSupport", dependencies: ["CGSL", "CGovLoadSystem"], plugins: ["GitCommit"]),
        // The commit a build comes from, for `--version` and every manifest.
        .plugin(name: "GitCommit", capability: .buildTool()),
        // The clock, event heaps, logical processes, windows, threads and random streams. Knows
        // nothing of queues or cities.
        .target(
            name: "GovLoadEngine", dependencies: ["GovLoadSupport", "CGSL", "CRandom123", "CGovLoadSystem"]),
        // Multi-server queues: shifts, priorities, patience, statistics.
        .target(
            name: "GovLoadQueueing",
            dependencies: ["GovLoadEngine", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        // The city: residents, channels, cases, back office, shocks, policies as values.
        .target(
            name: "GovLoadModel",
            dependencies: [
                "GovLoadQueueing", "CGSL", .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]),
        // Statistics, the Erlang formulas and staffing (shifts at least cost with GLPK).
        .target(name: "GovLoadAnalysis", dependencies: ["GovLoadSupport", "CGSL", "CGLPK"]),
        // Scenario files into model values, with located errors.
        .target(
            name: "GovLoadScenario",
            dependencies: [
                "GovLoadModel", "GovLoadAnalysis", .product(name: "Yams", package: "Yams"),
            ]),
        // Replications, policies compared, sweeps, warm-up, precision, resource estimates.
        .target(name: "GovLoadExperiment", dependencies: ["GovLoadModel", "GovLoadAnalysis"]),
        // Result files: CSV, the manifest, shards merged, output folders.
        .target(
            name: "GovLoadOutput", dependencies: ["GovLoadExperiment", "GovLoadScenario", "CZlib", "CZstd"]),
        // The application layer: a run from options to files, and what the command line prints.
        .target(name: "GovLoadRun", dependencies: ["GovLoadOutput"]),
        // Everything above in one import.
        .target(
            name: "GovLoad",
            dependencies: [
                "GovLoadSupport", "GovLoadEngine", "GovLoadQueueing", "GovLoadModel", "GovLoadAnalysis",
                "GovLoadScenario", "GovLoadExperiment", "GovLoadOutput", "GovLoadRun",
            ]),

        // MARK: The command-line tool (thin: it only wires the library)
        .executableTarget(
            name: "govload",
            dependencies: [
                "GovLoad",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "CMPI", condition: .when(traits: ["MPI"])),
            ]
        ),

        // MARK: Tests
        // What every suite shares: paths, temporary folders (removed at exit), the built binary,
        // and CSV files read through the library's own reader.
        .target(name: "GovLoadTestSupport", dependencies: ["GovLoad"], path: "Tests/GovLoadTestSupport"),
        .testTarget(
            name: "GovLoadTests",
            dependencies: [
                "GovLoad", "GovLoadSupport", "GovLoadEngine", "GovLoadQueueing", "GovLoadModel",
                "GovLoadAnalysis", "GovLoadScenario", "GovLoadExperiment", "GovLoadOutput", "GovLoadRun",
                "GovLoadTestSupport", "CRandom123", "CGSL", "CZstd",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
