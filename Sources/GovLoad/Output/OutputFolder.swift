import Foundation

/// The folder a run writes into: checked before anything runs, created just before writing.
public struct OutputFolder: Sendable {
    /// The folder's path.
    public let path: String

    /// A folder taken as is, without `check(_:force:)` (for callers that made it themselves).
    public init(path: String) { self.path = path }

    /// Checks that results can go to `path`: it must not be a file; an existing non-empty folder
    /// needs `force`; the folder, or the nearest existing folder above it, must be writable.
    /// Creates nothing.
    public static func check(_ path: String, force: Bool, argument: String = "--out") throws(InputError)
        -> OutputFolder
    {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw InputError(Diagnostic(.argument(argument), "'\(path)' is a file, not a folder"))
            }
            let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            if !contents.isEmpty && !force {
                throw InputError(
                    Diagnostic(
                        .argument(argument),
                        "output folder '\(path)' exists and is not empty; add --force to overwrite it, or choose another with --out"
                    ))
            }
            guard canCreateEntries(in: path) else {
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
            throw InputError(
                Diagnostic(.argument(argument), "cannot create '\(path)': '\(ancestor.path)' is a file"))
        }
        guard canCreateEntries(in: ancestor.path) else {
            throw InputError(
                Diagnostic(.argument(argument), "cannot create '\(path)': '\(ancestor.path)' is not writable")
            )
        }
        return OutputFolder(path: path)
    }

    /// Whether a new entry can be made in `folder`: asks the kernel by making and at once removing
    /// a uniquely named empty folder (permission bits alone mislead root, read-only mounts and
    /// pseudo-filesystems), so the check leaves nothing behind.
    static func canCreateEntries(in folder: String) -> Bool {
        guard access(folder, W_OK | X_OK) == 0 else { return false }
        let probe = URL(fileURLWithPath: folder).appendingPathComponent(".govload-probe-\(getpid())").path
        guard mkdir(probe, 0o700) == 0 else { return false }
        rmdir(probe)
        return true
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
    public func file(_ name: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(name).path
    }
}
