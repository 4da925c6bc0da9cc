import CGSL

/// GovLoad's version, written into every manifest; releases are tagged with it (CHANGELOG.md).
public enum GovLoadVersion {
    public static let string = "0.2.0"

    /// The GSL version linked in.
    public static var gsl: String { String(cString: cgsl_version()) }

    /// The Swift compiler the binary was built with (major.minor).
    public static var swift: String {
        #if compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #elseif compiler(>=6.1)
            "6.1"
        #else
            "6.0"
        #endif
    }

    /// The operating system and processor it was built for.
    public static var platform: String {
        #if os(Linux)
            let system = "linux"
        #elseif os(macOS)
            let system = "macos"
        #else
            let system = "other"
        #endif
        #if arch(x86_64)
            return system + " x86_64"
        #elseif arch(arm64)
            return system + " arm64"
        #else
            return system
        #endif
    }

    /// The git commit the binary was built from (`-dirty` when tracked files had changed), nil
    /// when it was not built from a checkout.
    public static var commit: String? { builtFromCommit.isEmpty ? nil : builtFromCommit }

    /// `0.2.0 (commit 84a9334…, GSL 2.7.1, Swift 6.3, linux x86_64)`: what `--version` prints.
    public static var long: String {
        let built = commit.map { "commit \($0), " } ?? ""
        return "\(string) (\(built)GSL \(gsl), Swift \(swift), \(platform))"
    }
}
