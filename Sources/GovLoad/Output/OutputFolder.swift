import Foundation

/// The folder a run writes into: checked before anything runs, created just before writing.
public struct OutputFolder: Sendable {
    /// The folder's path.
    public let path: String

    /// Checks that results can go to `path`: it must not be a file; an existing non-empty folder
    /// needs `force`; the folder, or the nearest existing folder above it, must be writable.
    /// Creates nothing.
    public static func check(_ path: String, force: Bool, argument: String = "--out") throws(InputError) -> OutputFolder {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw InputError(Diagnostic(.argument(argument), "'\(path)' is a file, not a folder"))
            }
            let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            if !contents.isEmpty && !force {
                throw InputError(Diagnostic(.argument(argument), "output folder '\(path)' exists and is not empty; add --force to overwrite it, or choose another with --out"))
            }
            guard access(path, W_OK | X_OK) == 0 else {
                throw InputError(Diagnostic(.argument(argument), "output folder '\(path)' is not writable"))
            }
            return OutputFolder(path: path)
        }
        // The nearest existing ancestor must be a writable folder.
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !manager.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) && ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        guard isDirectory.boolValue else {
            throw InputError(Diagnostic(.argument(argument), "cannot create '\(path)': '\(ancestor.path)' is a file"))
        }
        guard access(ancestor.path, W_OK | X_OK) == 0 else {
            throw InputError(Diagnostic(.argument(argument), "cannot create '\(path)': '\(ancestor.path)' is not writable"))
        }
        return OutputFolder(path: path)
    }

    /// Creates the folder (and its parents) if needed.
    public func create() throws(OutputError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw OutputError("cannot create '\(path)': \(error.localizedDescription)")
        }
    }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { URL(fileURLWithPath: path).appendingPathComponent(name).path }
}
