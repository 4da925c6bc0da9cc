import CGSL

/// Process-wide GSL set-up.
public enum GSL {
    /// Switches GSL's abort-on-error handler off, so that a GSL error is a return code the caller
    /// checks rather than a crash. Call once at start-up.
    public static func disableAbortOnError() { cgsl_disable_abort_on_error() }
}
