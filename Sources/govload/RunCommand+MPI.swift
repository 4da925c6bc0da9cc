import Foundation
import GovLoad

#if MPI
    import CMPI

    /// Open MPI's ranks as a `RankGroup`.
    struct MPIGroup: RankGroup {
        let rank = Int(cmpi_rank())
        let size = Int(cmpi_size())
        func barrier() { cmpi_barrier() }
        func worst(_ status: Int32) -> Int32 { cmpi_max_of(status) }
        func pollRequest() -> (rank: Int, value: Int64)? {
            var source: Int32 = 0
            guard cmpi_request_waiting(&source) != 0 else { return nil }
            return (Int(source), Int64(cmpi_receive_request(source)))
        }
        func answer(_ rank: Int, _ value: Int64) { cmpi_answer(Int32(rank), CLongLong(value)) }
        func request(_ value: Int64, wait: Bool) -> Int64 {
            Int64(cmpi_request(CLongLong(value), wait ? 1 : 0))
        }
    }
#endif

extension RunCommand {
    /// `run --mpi`: this process is one rank of an Open MPI job; the job's ranks share the
    /// study's runs and rank 0 joins their files into --out (`RankedRun`). Every exit goes
    /// through MPI_Finalize, so mpirun sees a clean end or a clear error.
    func runRanked(_ options: RunOptions) -> Never {
        #if MPI
            switch cmpi_init() {
            case 0:
                break
            case 1:
                Console.error(
                    "govload: --mpi: this MPI cannot take calls from more than one thread (MPI_THREAD_SERIALIZED), which handing out runs needs"
                )
                cmpi_finalize()
                Foundation.exit(1)
            default:
                Console.error("govload: --mpi: MPI_Init_thread failed")
                Foundation.exit(1)
            }
            let group = MPIGroup()
            var options = options
            let environment = ProcessInfo.processInfo.environment
            if common.threads == nil && environment["SLURM_CPUS_PER_TASK"] == nil {
                // Ranks on one node share its CPUs (Slurm gives each its own): never
                // oversubscribe unless --threads says so.
                let local = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1
                options.threads = max(1, MachineThreads.available / max(1, local))
            }
            let code: Int32
            do {
                if let report = try RankedRun.execute(options, group: group) {
                    if !common.quiet {
                        print(
                            "\(report.runs) runs on \(group.size) rank(s), joined from \(report.shards) shard(s) in \(String(format: "%.1f", report.wallSeconds)) s"
                        )
                        print(
                            "results: \(report.folder.path)/{summary,channels,timeseries,comparison,runs}.csv, manifest.json"
                        )
                    }
                }
                code = 0
            } catch let error as InputError {
                if group.rank == 0 {
                    for diagnostic in error.diagnostics { Console.error(diagnostic.description) }
                }
                code = 2
            } catch let error as RankedRunStopped {
                code = error.code
            } catch {
                Console.error("govload: \(error)")
                code = 1
            }
            cmpi_finalize()
            Foundation.exit(code)
        #else
            Console.error(
                "--mpi: this govload was built without MPI; build it with 'swift build -c release --traits MPI' (./scripts/build.sh --mpi)"
            )
            Foundation.exit(2)
        #endif
    }
}
