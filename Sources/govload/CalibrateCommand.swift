import ArgumentParser
import Foundation
import GovLoad

/// `govload calibrate`: holds a scenario's outputs against sourced targets, fitting values first
/// if asked.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Hold a scenario's outputs against sourced targets, and fit values to them.",
        discussion: """
            Runs one policy of the scenario (default 'baseline') and writes calibration.csv: each \
            target's figure, the simulated mean with its 95% interval, and whether it is within \
            the target's tolerance — with the missing mechanism named where the model cannot reach \
            a figure. The targets come from --targets or the scenario's 'targets:' key \
            (docs/calibration.md). With --fit, the named values are first fitted to the targets \
            (GSL's Nelder-Mead simplex, every evaluation on the same random numbers), and \
            fitted.yaml is written: a scenario that extends this one with the fitted values, each \
            marked [C]. The run's own files (summary.csv and the rest) are written too.

            Examples:
              govload calibrate scenarios/shenzhen-baseline.yaml --scale 0.1 --replications 3
              govload calibrate scenarios/shenzhen-baseline.yaml --scale 0.05 --fit 'case_types.appeal.closed_on_contact.hotline=30%..80%'
            """)

    @Argument(help: "The scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(name: .long, help: "The targets file (default: the scenario's 'targets:').")
    var targets: String?

    @Option(
        name: .long,
        help: "Fit this value within a range: PATH=LO..HI, e.g. grid.patrol_detection=0.2..2/d (repeatable).")
    var fit: [String] = []

    @Option(name: .long, help: "The most scenario evaluations a fit may make (default 40).")
    var maxEvaluations: Int?

    @Option(
        name: [.customShort("p"), .long],
        help: "The policy held against the targets (default 'baseline', or the first).",
        completion: PolicyCompletion.kind)
    var policy: String?

    @OptionGroup var common: StudyOptions

    func run() throws {
        let prepared = try Calibrator.prepare(try options())
        Interruption.install(folder: prepared.folder)
        try prepared.folder.claim(force: common.force)
        let fitProgress: (@Sendable (FitStep) -> Void)? =
            common.quiet ? nil : { @Sendable step in Self.report(step) }
        let report = try Calibrator.execute(prepared, fitProgress: fitProgress)
        if !common.quiet { print(CalibrationTable.render(report)) }
    }

    /// One line per evaluation of a fit, to standard error.
    @Sendable static func report(_ step: FitStep) {
        let loss = String(format: "%.4g", step.loss)
        let best = String(format: "%.4g", step.best)
        Console.error("fit \(step.evaluation)/\(step.budget): loss \(loss), best \(best)")
    }

    /// The options checked: every problem at once, each naming its option.
    func options() throws(InputError) -> CalibrateOptions {
        var problems: [Diagnostic] = []
        var run = common.runOptions(scenario: scenario, &problems)
        if let maxEvaluations, !(2...10_000).contains(maxEvaluations) {
            problems.append(
                Diagnostic(
                    .argument("--max-evaluations"), "must be between 2 and 10000, got \(maxEvaluations)"))
        }
        var fits: [FitParameter] = []
        for text in fit {
            switch FitParameter.parse(text) {
            case .success(let parameter): fits.append(parameter)
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else { throw InputError(problems) }
        run.policies = policy.map { [$0] } ?? []
        var options = CalibrateOptions(run: run)
        options.targetsPath = targets
        options.fits = fits
        if let maxEvaluations { options.maxEvaluations = maxEvaluations }
        return options
    }
}
