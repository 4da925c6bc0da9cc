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

/// The examples of `docs/scenario-format.md` are files in `docs/examples/` that the binary
/// accepts, and the errors the page shows are the ones the binary prints.
@Suite("Documentation examples")
struct DocumentationExampleTests {
    static let page = TestSupport.path("docs/scenario-format.md")
    static let folder = TestSupport.path("docs/examples")

    /// The page's fenced blocks of one language, in order.
    static func blocks(_ language: String) throws -> [String] {
        let text = try String(contentsOfFile: page, encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if var lines = current {
                if line == "```" {
                    blocks.append(lines.joined(separator: "\n") + "\n")
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            } else if line == "```" + language {
                current = []
            }
        }
        return blocks
    }

    /// The file a yaml block names on its first line (`# examples/NAME.yaml: …`).
    static func fileName(of block: String) -> String? {
        guard let first = block.split(separator: "\n").first, first.hasPrefix("# examples/"),
            let end = first.range(of: ".yaml")
        else { return nil }
        return String(first[first.index(first.startIndex, offsetBy: 11)..<end.upperBound])
    }

    static let exampleFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && $0 != "mistakes.yaml" }.sorted()
    }()

    @Test("every yaml block on the page is, byte for byte, the file it names; every file is shown")
    func blocksAreFiles() throws {
        let blocks = try Self.blocks("yaml")
        #expect(blocks.count >= 11)
        var shown: Set<String> = []
        for block in blocks {
            let name = try #require(
                Self.fileName(of: block), "a block without its file name: \(block.prefix(80))")
            let file = try String(contentsOfFile: Self.folder + "/" + name, encoding: .utf8)
            #expect(file == block, "docs/examples/\(name) differs from its block in scenario-format.md")
            shown.insert(name)
        }
        #expect(shown == Set(Self.exampleFiles + ["mistakes.yaml"]))
    }

    @Test("each example validates", arguments: exampleFiles)
    func validates(_ name: String) throws {
        let result = try Govload.run(["validate", Self.folder + "/" + name])
        #expect(result.status == 0, "\(name): \(result.stderr)")
    }

    @Test("the page's error lines are what validate prints for mistakes.yaml")
    func errorsAsShown() throws {
        let shown = try #require(try Self.blocks("text").first { $0.hasPrefix("mistakes.yaml:") })
        let result = try Govload.run(["validate", "mistakes.yaml"], in: Self.folder)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == shown)
    }
}
