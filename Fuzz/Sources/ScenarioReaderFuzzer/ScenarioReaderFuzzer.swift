import GovLoad

/// One fuzzer input: read as a scenario file (as `govload validate` and `run` would), then sized
/// by the resource estimate. Any input must end in a scenario or in located diagnostics — never a
/// crash, a trap, a hang or a runaway allocation (libFuzzer reports each).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenarioReader(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    do {
        let loaded = try ScenarioLoader.load(path: "fuzz-input.yaml", contents: bytes)
        let plan = ExperimentPlan(
            scenario: loaded.scenario, sweepKeys: loaded.sweepKeys, points: loaded.points,
            variants: loaded.variants, replications: loaded.scenario.replications, seed: loaded.scenario.seed,
            threads: 2)
        _ = ResourceEstimate(plan).problems(maxBytes: 1e10, maxRows: 1e8, file: "fuzz-input.yaml")
    } catch {
        for diagnostic in error.diagnostics { precondition(!diagnostic.message.isEmpty) }
    }
    return 0
}

/// libFuzzer's driver, called from this target's entry point: SwiftPM names an executable's entry
/// point `<target>_main` and makes it `main`, so libFuzzer's own `main` is not used.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@_cdecl("ScenarioReaderFuzzer_main")
func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzScenarioReader(data, size) }
}
