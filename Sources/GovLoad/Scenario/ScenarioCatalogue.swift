import Foundation

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
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                paths.append(
                    URL(fileURLWithPath: folder).appendingPathComponent(name).relativePath(to: folder, name))
            }
        }
        return paths.sorted().map { path in
            Entry(
                path: path, scenario: Result { () throws(InputError) in try ScenarioLoader.load(path: path) })
        }
    }
}

extension URL {
    /// `folder/name` as written, so listed paths read as the user would type them.
    fileprivate func relativePath(to folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
