import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The scenarios in a folder, for `govload list`.
public enum ScenarioCatalogue {
    /// One scenario file found.
    public struct Entry: Sendable {
        /// The file's path.
        public var path: String
        /// The scenario, or the first problem that keeps it from loading.
        public var scenario: Result<LoadedScenario, InputError>
    }

    /// Every `.yaml` file under `folder`, sorted by path, each loaded.
    public static func scan(_ folder: String) -> [Entry] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var paths: [String] = []
        while let name = enumerator.nextObject() as? String {
            // `folder/name` as written, so listed paths read as the user would type them.
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                paths.append(folder.hasSuffix("/") ? folder + name : folder + "/" + name)
            }
        }
        return paths.sorted().map { path in
            Entry(
                path: path, scenario: Result { () throws(InputError) in try ScenarioLoader.load(path: path) })
        }
    }
}
