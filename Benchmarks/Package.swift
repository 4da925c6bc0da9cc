// swift-tools-version: 6.1
// GovLoad's benchmarks: a package of their own so that the main build and tests stay light.
// Run from this folder: swift package benchmark   (see ../BENCHMARKS.md)

import PackageDescription

let package = Package(
    name: "GovLoadBenchmarks",
    dependencies: [
        .package(name: "GovLoad", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "QueueKernel",
            dependencies: [
                .product(name: "GovLoad", package: "GovLoad"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/QueueKernel",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CityScale",
            dependencies: [
                .product(name: "GovLoad", package: "GovLoad"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CityScale",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
