import CGSL

/// Process-wide GSL set-up.
public enum GSL {
    /// Switches GSL's abort-on-error handler off, so that a GSL error is a return code the caller
    /// checks rather than a crash. Call once at start-up.
    public static func disableAbortOnError() { _ = ready }

    /// Done once per process, on first use of any random stream (and by `govload` at start-up).
    static let ready: Void = cgsl_disable_abort_on_error()
}
