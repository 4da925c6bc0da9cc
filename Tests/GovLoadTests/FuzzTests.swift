import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoad
@testable import GovLoadAnalysis
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadOutput
@testable import GovLoadQueueing
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

/// Random mutations of the shipped scenario files never crash the reader: every one either loads
/// or is rejected with located diagnostics. A crash (a trap, an overflow, an index out of range)
/// would end the test process, so simply finishing is the assertion; the counts check that both
/// outcomes were exercised. For a longer campaign: GOVLOAD_FUZZ_ROUNDS=10000 GOVLOAD_FUZZ_SEED=7
/// swift test --filter FuzzTests (30,000 mutants over three seeds found nothing after the fixes
/// of the first run: durations and rates now have upper bounds, and formatting is total).
@Suite("Fuzzing the scenario reader", .tags(.slow))
struct FuzzTests {
    /// Deterministic pseudo-random numbers (SplitMix64), so a failure is reproducible.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    /// Fragments that tend to find edge cases: units, signs, huge and tiny numbers, YAML syntax.
    static let fragments = [
        "0", "-1", "1e308", "1e-308", "NaN", "inf", "99999999999999999999", "3m", "0.5/d", "/", "%", "24:00",
        "25:61",
        "{", "}", "[", "]", ":", "- ", "&a", "*a", "!!int", "'", "\"", "\t", "\n  ", "~", "null", "auto",
        "mon-sun",
        "{dist: gamma, mean: 0s, cv: 0}", "{dist: uniform, min: 5m, max: 1m}", "servers: 0", "capacity: -1",
    ]

    static func mutate(_ text: String, _ random: inout SplitMix) -> String {
        var lines = text.components(separatedBy: "\n")
        for _ in 0..<(1 + random.below(3)) {
            guard !lines.isEmpty else { break }
            let index = random.below(lines.count)
            switch random.below(6) {
            case 0: lines.remove(at: index)
            case 1: lines.insert(lines[random.below(lines.count)], at: index)
            case 2:
                var characters = Array(lines[index])
                if !characters.isEmpty { characters.remove(at: random.below(characters.count)) }
                lines[index] = String(characters)
            case 3:
                var characters = Array(lines[index])
                let fragment = Array(fragments[random.below(fragments.count)])
                characters.insert(contentsOf: fragment, at: random.below(characters.count + 1))
                lines[index] = String(characters)
            case 4:
                // replace a value after a colon
                if let colon = lines[index].firstIndex(of: ":") {
                    lines[index] =
                        String(lines[index][...colon]) + " " + fragments[random.below(fragments.count)]
                }
            default:
                lines.swapAt(index, random.below(lines.count))
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test("thousands of mutated scenario files load or fail with located errors, never crash")
    func mutations() throws {
        let folder = TestSupport.path("scenarios")
        let originals = try FileManager.default.subpathsOfDirectory(atPath: folder).filter {
            $0.hasSuffix(".yaml")
        }
        .sorted().map { try String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
        #expect(originals.count >= 5)
        var random = SplitMix(
            state: ProcessInfo.processInfo.environment["GOVLOAD_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_129
        )
        var loaded = 0
        var rejected = 0
        let scratch = TestSupport.temporaryFolder()
        for round
            in 0..<(ProcessInfo.processInfo.environment["GOVLOAD_FUZZ_ROUNDS"].flatMap(Int.init) ?? 2_000)
        {
            let text = Self.mutate(originals[round % originals.count], &random)
            let path = scratch + "/mutant.yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                let scenario = try ScenarioLoader.load(path: path)
                _ = ScenarioDescription.render(scenario, policy: scenario.policies[0])
                loaded += 1
            } catch {
                rejected += 1
                #expect(!error.diagnostics.isEmpty)
                for diagnostic in error.diagnostics {
                    #expect(!diagnostic.message.isEmpty)
                    if case .location(let location) = diagnostic.place {
                        #expect(location.line >= 1 && location.column >= 1)
                    }
                }
            }
        }
        #expect(loaded > 100 && rejected > 100, "loaded \(loaded), rejected \(rejected)")
    }
}
