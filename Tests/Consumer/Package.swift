// swift-tools-version: 6.1
// A package that depends on GovLoad by version, as another team's code would. scripts/test-consumer.sh
// makes a tagged clone of this repository and points GOVLOAD_URL at it.

import Foundation
import PackageDescription

let url = ProcessInfo.processInfo.environment["GOVLOAD_URL"] ?? "https://github.com/govload/govload"

let package = Package(
    name: "GovLoadConsumer",
    dependencies: [.package(url: url, from: "0.2.0")],
    targets: [
        .executableTarget(
            name: "GovLoadConsumer",
            dependencies: [.product(name: "GovLoad", package: "govload")]
        )
    ],
    swiftLanguageModes: [.v6]
)
