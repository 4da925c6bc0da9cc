import CGovLoadSystem
import Foundation

/// How many threads this process should use by default: the CPUs the scheduler gave it
/// (`SLURM_CPUS_PER_TASK` under Slurm), else the CPUs it may run on (its affinity mask, so
/// `taskset -c 0 govload …` runs one thread), else every core.
public enum MachineThreads {
    /// The default thread count (at least 1).
    public static var available: Int {
        available(environment: ProcessInfo.processInfo.environment, affinity: affinityCount())
    }

    /// The rule, on a given environment and affinity count (for tests).
    public static func available(environment: [String: String], affinity: Int?) -> Int {
        if let text = environment["SLURM_CPUS_PER_TASK"], let cpus = Int(text), cpus >= 1 {
            return min(cpus, affinity ?? cpus)
        }
        if let affinity, affinity >= 1 { return affinity }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The CPUs in this process's affinity mask (`sched_getaffinity`); nil where unknown.
    static func affinityCount() -> Int? {
        let count = Int(govload_affinity_count())
        return count >= 1 ? count : nil
    }
}
