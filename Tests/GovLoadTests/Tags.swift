import Testing

extension Tag {
    /// Suites that take minutes: statistical checks over many replications, signals and soak
    /// trials, city runs through the binary. `scripts/test-fast.sh` leaves them out.
    @Tag static var slow: Self
}
