import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// The folder a run or a merge writes into. `check` looks before anything runs and writes
/// nothing; `claim` then makes the folder, takes an exclusive lock on it for the rest of the
/// process, and clears what an earlier run left — GovLoad's own files only.
public struct OutputFolder: Sendable {
    /// The folder's path.
    public let path: String
    /// The files being written into it (see `OutputLedger`).
    public let ledger: OutputLedger
    /// How the large files (`timeseries.csv`, `cases.csv`) are written: nil for plain CSV.
    public var compression: OutputCompression?

    /// A folder taken as is, without `check(_:force:)` (for callers that made it themselves).
    public init(path: String) {
        self.path = path
        self.ledger = OutputLedger()
    }

    /// Every name a run or a merge writes; `--force` replaces these and nothing else.
    public static let outputNames = [
        "manifest.json", "summary.csv", "channels.csv", "timeseries.csv", "comparison.csv", "cases.csv",
        "runs.csv",
        "calibration.csv", "fitted.yaml", "timeseries.csv.gz", "cases.csv.gz", "timeseries.csv.zst",
        "cases.csv.zst", "sensitivity.csv",
        "sensitivity_runs.csv", "robustness.csv", "robustness_runs.csv", "report.html", "staffing.csv",
        "shifts.csv",
        "verification.csv", "staffed.yaml",
    ]

    /// Whether `name` is a temporary file of GovLoad's: `.NAME.PID-TAG.partial` or
    /// `.cases….part` (and the names older versions used).
    static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".")
            && (name.hasSuffix(".partial") || name.hasSuffix(".part") || name.contains(".partial-"))
    }

    /// Checks that results can go to `path`: an existing folder must hold nothing that is not
    /// GovLoad's unless `force` is given, and no folder (or other non-file) under an output's name
    /// (`--force` would never remove one); a missing folder must be creatable. Creates nothing.
    public static func check(_ path: String, force: Bool, argument: String = "--out") throws(InputError)
        -> OutputFolder
    {
        func refuse(_ message: String) -> InputError { InputError(Diagnostic(.argument(argument), message)) }
        guard !path.isEmpty else { throw refuse("must name a folder, not be empty") }
        guard path.utf8.count < Int(PATH_MAX),
            !path.split(separator: "/").contains(where: { $0.utf8.count > Int(NAME_MAX) })
        else { throw refuse("'\(path.prefix(60))…' is longer than a path may be") }
        var link = stat()
        if lstat(path, &link) == 0 {
            var target = stat()
            guard stat(path, &target) == 0 else {
                throw refuse("'\(path)' is a symbolic link to something that does not exist")
            }
            guard target.st_mode & S_IFMT == S_IFDIR else {
                throw refuse("'\(path)' is a file, not a folder")
            }
            let contents = try inventory(path, argument: argument)
            if let blocker = contents.blockers.first {
                throw refuse(
                    "'\(blocker)' in '\(path)' is not a file GovLoad wrote (it is a folder or a device); GovLoad will not remove it, so choose another --out"
                )
            }
            if !contents.isEmpty && !force { throw refuse(contents.refusal(path)) }
            guard canCreateEntries(in: path) else { throw refuse("output folder '\(path)' is not writable") }
            return OutputFolder(path: path)
        }
        // The nearest existing ancestor must be a writable folder.
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory)
            && ancestor.path != "/"
        {
            ancestor = ancestor.deletingLastPathComponent()
        }
        guard isDirectory.boolValue else {
            throw refuse("cannot create '\(path)': '\(ancestor.path)' is a file")
        }
        guard canCreateEntries(in: ancestor.path) else {
            throw refuse("cannot create '\(path)': '\(ancestor.path)' is not writable")
        }
        return OutputFolder(path: path)
    }

    /// What an existing output folder holds.
    struct Inventory {
        /// Outputs of an earlier run (regular files or links under an output's name).
        var outputs: [String] = []
        /// GovLoad's temporary files: an interrupted or killed run's.
        var temporaries: [String] = []
        /// Anything else: the user's.
        var others: [String] = []
        /// Entries under an output's name that are not files: never removed.
        var blockers: [String] = []

        var isEmpty: Bool { outputs.isEmpty && temporaries.isEmpty && others.isEmpty && blockers.isEmpty }

        /// Why the folder is refused without `--force`, saying what is in it.
        func refusal(_ path: String) -> String {
            if !temporaries.isEmpty && !outputs.contains("manifest.json") {
                return
                    "output folder '\(path)' holds the remains of an interrupted run (\(temporaries.count) temporary file(s)\(outputs.isEmpty ? "" : ", " + outputs.joined(separator: ", ")), no manifest.json); add --force to clear them, or choose another --out"
            }
            return
                "output folder '\(path)' exists and is not empty; add --force to overwrite it, or choose another with --out"
        }
    }

    static func inventory(_ path: String, argument: String) throws(InputError) -> Inventory {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw InputError(
                Diagnostic(.argument(argument), "cannot list '\(path)': \(error.localizedDescription)"))
        }
        var contents = Inventory()
        for name in names.sorted() {
            if outputNames.contains(name) {
                var status = stat()
                let kind =
                    lstat(URL(fileURLWithPath: path).appendingPathComponent(name).path, &status) == 0
                    ? status.st_mode & S_IFMT : 0
                if kind == S_IFREG || kind == S_IFLNK {
                    contents.outputs.append(name)
                } else {
                    contents.blockers.append(name)
                }
            } else if isTemporary(name) {
                contents.temporaries.append(name)
            } else {
                contents.others.append(name)
            }
        }
        return contents
    }

    /// Whether a new entry can be made in `folder`: asks the kernel by making and at once removing
    /// a uniquely named empty folder (permission bits alone mislead root, read-only mounts and
    /// pseudo-filesystems), so the check leaves nothing behind.
    static func canCreateEntries(in folder: String) -> Bool {
        guard access(folder, W_OK | X_OK) == 0 else { return false }
        let tag = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let probe = URL(fileURLWithPath: folder).appendingPathComponent(".govload-probe-\(getpid())-\(tag)")
            .path
        guard mkdir(probe, 0o700) == 0 else { return false }
        rmdir(probe)
        return true
    }

    /// Makes the folder (and its parents), locks it for this process — a second run or merge on
    /// the same folder is refused (exit 2) until this one ends, however it ends — and, under the
    /// lock, looks again and removes an earlier run's outputs (the manifest first, so the folder
    /// never looks complete meanwhile) and temporary files. `force` as for `check`.
    public func claim(force: Bool, argument: String = "--out") throws(InputError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw InputError(
                Diagnostic(.argument(argument), "cannot create '\(path)': \(error.localizedDescription)"))
        }
        try FolderLock.acquire(path, argument: argument)
        let contents = try Self.inventory(path, argument: argument)
        if let blocker = contents.blockers.first {
            throw InputError(
                Diagnostic(
                    .argument(argument),
                    "'\(blocker)' in '\(path)' is not a file GovLoad wrote; GovLoad will not remove it"))
        }
        if !contents.isEmpty && !force {
            throw InputError(Diagnostic(.argument(argument), contents.refusal(path)))
        }
        let ordered = contents.outputs.sorted { a, _ in a == "manifest.json" } + contents.temporaries
        for name in ordered where unlink(file(name)) != 0 && errno != ENOENT {
            throw InputError(
                Diagnostic(
                    .argument(argument), "cannot remove '\(file(name))': \(String(cString: strerror(errno)))")
            )
        }
    }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(name).path
    }
}

/// An exclusive `flock` on an output folder itself (no lock file to leave behind), held until
/// the process exits — normally, on a signal, or killed — when the kernel releases it.
enum FolderLock {
    nonisolated(unsafe) private static var held: [String: Int32] = [:]
    private static let lock = NSLock()

    /// Takes the lock on `path`, or throws if another process holds it.
    static func acquire(_ path: String, argument: String) throws(InputError) {
        let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let failure: String? = lock.withLock {
            if held[key] != nil { return nil }
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { return "cannot open '\(path)': \(String(cString: strerror(errno)))" }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let reason = errno
                close(descriptor)
                return reason == EWOULDBLOCK
                    ? "another govload run or merge is writing to '\(path)' now; wait for it to finish, or choose another --out"
                    : "cannot lock '\(path)': \(String(cString: strerror(reason)))"
            }
            held[key] = descriptor
            return nil
        }
        if let failure { throw InputError(Diagnostic(.argument(argument), failure)) }
    }

    /// Gives the lock on `path` back (for a library caller that runs several times in one process).
    static func release(_ path: String) {
        let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        lock.withLock {
            if let descriptor = held.removeValue(forKey: key) { close(descriptor) }
        }
    }
}
