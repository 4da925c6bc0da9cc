// swift-tools-version: 6.1
// A libFuzzer target for GovLoad's scenario reader: a package of its own, because a fuzzer's
// `main` comes from libFuzzer and it must be built with -sanitize=fuzzer. See docs/reliability.md:
//   cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//   .build/release/ScenarioReaderFuzzer corpus -max_total_time=3600

import PackageDescription

let package = Package(
    name: "GovLoadFuzz",
    dependencies: [.package(name: "GovLoad", path: "..")],
    targets: [
        .executableTarget(
            name: "ScenarioReaderFuzzer",
            dependencies: [.product(name: "GovLoad", package: "GovLoad")],
            path: "Sources/ScenarioReaderFuzzer"
        )
    ],
    swiftLanguageModes: [.v6]
)
