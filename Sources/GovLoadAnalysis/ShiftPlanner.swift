import CGLPK
import GovLoadSupport

/// Least-cost shifts covering a staffing requirement: a set-covering integer programme (Dantzig
/// 1954's formulation of shift scheduling) solved with GLPK's branch and cut.
///
/// Time is cut into equal intervals; a shift starts at the start of any interval and lasts one
/// of the allowed lengths; a shift of at least `breakAfter` intervals has an unpaid break of
/// `breakLength` intervals in its middle, during which it covers nothing. Minimise the paid
/// intervals Σ pⱼ xⱼ subject to Σ_{j covers i} xⱼ ≥ rᵢ (and ≤ the most allowed on duty), xⱼ whole.
/// Without breaks every shift covers consecutive intervals, so the constraint matrix is an
/// interval matrix, totally unimodular: the linear relaxation's optimum is already whole.
public enum ShiftPlanner {
    /// What to cover and with which shifts.
    public struct Problem: Sendable, Equatable {
        /// Servers required in each interval.
        public var requirement: [Int]
        /// Allowed shift lengths, in intervals.
        public var lengths: [Int]
        /// Shifts at least this long (intervals) take a break; nil for no breaks.
        public var breakAfter: Int?
        /// The break's length (intervals).
        public var breakLength: Int
        /// The most servers allowed on duty in any interval; nil for no limit.
        public var maxOnDuty: Int?
        /// The solver's time limit (seconds).
        public var timeLimit: Double

        /// Creates a problem.
        public init(
            requirement: [Int], lengths: [Int], breakAfter: Int? = nil, breakLength: Int = 1,
            maxOnDuty: Int? = nil, timeLimit: Double = 60
        ) {
            self.requirement = requirement
            self.lengths = lengths
            self.breakAfter = breakAfter
            self.breakLength = breakLength
            self.maxOnDuty = maxOnDuty
            self.timeLimit = timeLimit
        }
    }

    /// One kind of shift worked by `count` servers.
    public struct Shift: Sendable, Equatable {
        /// The first interval.
        public var start: Int
        /// Intervals from start to end, the break included (cut at the horizon).
        public var length: Int
        /// The break's first interval, if the shift has one.
        public var breakStart: Int?
        /// The break's length in intervals (0 without one).
        public var breakLength: Int
        /// Servers working it.
        public var count: Int

        /// The intervals the shift covers (paid).
        public var covered: [Int] {
            (start..<start + length).filter { interval in
                guard let breakStart else { return true }
                return interval < breakStart || interval >= breakStart + breakLength
            }
        }
    }

    /// The shifts found.
    public struct Plan: Sendable, Equatable {
        /// Shifts with at least one server, by start then length.
        public var shifts: [Shift]
        /// Servers on duty in each interval.
        public var onDuty: [Int]
        /// Paid server-intervals (Σ over shifts of count × covered intervals).
        public var paidIntervals: Int
        /// Whether GLPK proved the plan optimal (else the best found within the time limit).
        public var optimal: Bool
        /// The relative gap to the best bound (0 when optimal).
        public var gap: Double
    }

    /// Why no plan was found.
    public enum Failure: Error, Equatable, Sendable {
        /// An interval needs more servers than `maxOnDuty`, or no shift covers it.
        case infeasible(interval: Int)
        /// GLPK found no integer solution within the time limit.
        case noSolution(String)
    }

    /// The shifts' candidate kinds: every start and length, each with its break.
    static func candidates(_ problem: Problem) -> [Shift] {
        let count = problem.requirement.count
        var shifts: [Shift] = []
        for start in 0..<count {
            for length in Set(problem.lengths).sorted() where length > 0 {
                let cut = min(length, count - start)
                var breakStart: Int? = nil
                if let after = problem.breakAfter, length >= after, problem.breakLength > 0,
                    length > problem.breakLength
                {
                    let middle = start + (length - problem.breakLength) / 2
                    if middle + problem.breakLength < start + cut { breakStart = middle }
                }
                // A shift cut at the horizon that is the same as a shorter one adds nothing.
                if cut < length, shifts.contains(where: { $0.start == start && $0.length == cut }) {
                    continue
                }
                shifts.append(
                    Shift(
                        start: start, length: cut, breakStart: breakStart,
                        breakLength: breakStart == nil ? 0 : problem.breakLength, count: 0))
            }
        }
        return shifts
    }

    /// The least-cost plan for `problem`.
    public static func solve(_ problem: Problem) throws(Failure) -> Plan {
        let requirement = problem.requirement
        let candidates = candidates(problem)
        var covering = Array(repeating: [Int](), count: requirement.count)
        for (index, shift) in candidates.enumerated() {
            for interval in shift.covered { covering[interval].append(index) }
        }
        for (interval, need) in requirement.enumerated() {
            if need > 0 && covering[interval].isEmpty { throw .infeasible(interval: interval) }
            if let most = problem.maxOnDuty, need > most { throw .infeasible(interval: interval) }
        }
        let counts = try integerSolution(problem, candidates: candidates, covering: covering)
        var shifts: [Shift] = []
        var onDuty = Array(repeating: 0, count: requirement.count)
        var paid = 0
        for (index, count) in counts.values.enumerated() where count > 0 {
            var shift = candidates[index]
            shift.count = count
            for interval in shift.covered { onDuty[interval] += count }
            paid += count * shift.covered.count
            shifts.append(shift)
        }
        return Plan(
            shifts: shifts, onDuty: onDuty, paidIntervals: paid, optimal: counts.optimal, gap: counts.gap)
    }

    /// GLPK's integer solution: a count per candidate.
    static func integerSolution(_ problem: Problem, candidates: [Shift], covering: [[Int]]) throws(Failure)
        -> (values: [Int], optimal: Bool, gap: Double)
    {
        glp_term_out(GLP_OFF)
        guard let lp = glp_create_prob() else { throw .noSolution("GLPK could not create a problem") }
        defer { glp_delete_prob(lp) }
        glp_set_obj_dir(lp, GLP_MIN)
        let rows = problem.requirement.count
        glp_add_rows(lp, Int32(rows))
        for (index, need) in problem.requirement.enumerated() {
            if let most = problem.maxOnDuty {
                glp_set_row_bnds(
                    lp, Int32(index + 1), need == most ? GLP_FX : GLP_DB, Double(need), Double(most))
            } else {
                glp_set_row_bnds(lp, Int32(index + 1), GLP_LO, Double(need), 0)
            }
        }
        glp_add_cols(lp, Int32(candidates.count))
        for (index, shift) in candidates.enumerated() {
            let column = Int32(index + 1)
            glp_set_col_kind(lp, column, GLP_IV)
            glp_set_col_bnds(lp, column, GLP_LO, 0, 0)
            glp_set_obj_coef(lp, column, Double(shift.covered.count))
        }
        // The matrix, 1-based as GLPK wants it (entry 0 unused).
        var rowIndex: [Int32] = [0]
        var columnIndex: [Int32] = [0]
        var values: [Double] = [0]
        for (interval, shifts) in covering.enumerated() {
            for shift in shifts {
                rowIndex.append(Int32(interval + 1))
                columnIndex.append(Int32(shift + 1))
                values.append(1)
            }
        }
        glp_load_matrix(lp, Int32(values.count - 1), rowIndex, columnIndex, values)
        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.presolve = GLP_ON
        parameters.msg_lev = GLP_MSG_OFF
        parameters.tm_lim = Int32(min(problem.timeLimit, 86_400) * 1000)
        parameters.mip_gap = 1e-6
        let code = glp_intopt(lp, &parameters)
        let status = glp_mip_status(lp)
        guard status == GLP_OPT || status == GLP_FEAS else {
            throw .noSolution(
                code == GLP_ENOPFS || status == GLP_NOFEAS
                    ? "the staffing requirement cannot be covered within the most on duty"
                    : "GLPK found no whole-number plan (code \(code)) within \(problem.timeLimit) s")
        }
        let counts = (0..<candidates.count).map { Int(glp_mip_col_val(lp, Int32($0 + 1)).rounded()) }
        let objective = glp_mip_obj_val(lp)
        let bound = glp_get_obj_val(lp)  // the relaxation's optimum, a lower bound
        let gap = objective > 0 ? max(0, (objective - bound) / objective) : 0
        return (counts, status == GLP_OPT, status == GLP_OPT ? 0 : gap)
    }
}
