// GovLoad: the whole library in one import. Each layer is its own module, and the compiler refuses
// an import that runs back up (docs/architecture.md):
//
//   Support ← Engine ← Queueing ← Model ← Scenario
//                                  Model ← Experiment (with Analysis) ← Output ← Run
//
// A program that only runs scenarios imports `GovLoad`; one that builds its own model on the
// engine imports `GovLoadEngine` alone.
@_exported import GovLoadAnalysis
@_exported import GovLoadEngine
@_exported import GovLoadExperiment
@_exported import GovLoadModel
@_exported import GovLoadOutput
@_exported import GovLoadQueueing
@_exported import GovLoadRun
@_exported import GovLoadScenario
@_exported import GovLoadSupport
