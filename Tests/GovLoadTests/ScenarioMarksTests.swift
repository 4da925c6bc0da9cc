import Foundation
import GovLoadTestSupport
import Testing

/// Every number a shipped Shenzhen scenario sets carries its mark in a trailing comment: `[S]`,
/// `[S-low]`, `[U]`, `[I]` or `[C]`, with its source where it has one (docs/model.md). Run
/// settings (horizon, seed, replications …) are choices, not numbers from the world.
@Suite("Scenario marks")
struct ScenarioMarksTests {
    static let runSettings: Set<String> = [
        "name", "description", "extends", "targets", "horizon", "warmup", "replications", "seed",
        "report_interval", "window", "scale", "partitions",
    ]

    /// The lines of `text` that set a number without a mark, as "line: text".
    static func unmarked(_ text: String) -> [String] {
        var found: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let key = code.drop { $0 == " " || $0 == "-" }.prefix { $0.isLetter || $0 == "_" }
            if runSettings.contains(String(key)) && code.contains(":") { continue }
            let value = code.split(separator: ":", maxSplits: 1).dropFirst().first ?? code[...]
            guard value.contains(where: \.isNumber) else { continue }
            if String(line).contains(/\[(S|S-low|U|I|C)([\]:;, ]|$)/) { continue }
            found.append("\(index + 1): \(line)")
        }
        return found
    }

    @Test(
        "every number in a shipped Shenzhen scenario is marked S, S-low, U, I or C",
        arguments: [
            "shenzhen-baseline", "shenzhen-typhoon", "shenzhen-epidemic", "shenzhen-golden-week",
            "shenzhen-outage", "shenzhen-compound", "shenzhen-hotline",
        ])
    func marked(name: String) throws {
        let text = try String(contentsOfFile: TestSupport.path("scenarios/\(name).yaml"), encoding: .utf8)
        let missing = Self.unmarked(text)
        #expect(missing.isEmpty, "\(name).yaml:\n\(missing.joined(separator: "\n"))")
    }

    @Test("the check finds an unmarked number, and passes a marked one and a run setting")
    func checkCanFail() {
        #expect(Self.unmarked("grid:\n  patrol_detection: 0.5/d\n").count == 1)
        #expect(
            Self.unmarked("  patrol_detection: 0.5/d   # [I]\n  rate: 2/d   # from X [S: source]\n").isEmpty)
        #expect(Self.unmarked("horizon: 30d\nseed: 7\n# 12 in a comment\nname: x2\n").isEmpty)
        #expect(Self.unmarked("  rate: 2/d   # [Inferred]\n").count == 1)
    }
}
