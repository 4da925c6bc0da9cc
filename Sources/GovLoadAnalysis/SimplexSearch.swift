import CGSL
import GovLoadSupport

/// Minimises a function of a few bounded parameters with GSL's Nelder–Mead simplex
/// (`gsl_multimin_fminimizer_nmsimplex2`), for fits whose objective is a simulation: no
/// derivatives, a few dozen evaluations.
///
/// Each parameter x lies in [low, high]; the simplex moves an unbounded z, with
/// x = low + (high − low)(1 + sin z)/2, so every point it tries is inside the box.
public struct SimplexSearch {
    /// One parameter's box.
    public struct Bounds: Sendable, Equatable {
        /// The least value.
        public var low: Double
        /// The greatest value.
        public var high: Double
        /// A box from `low` to `high` (low < high).
        public init(low: Double, high: Double) {
            self.low = low
            self.high = high
        }
    }

    /// What a search found.
    public struct Outcome: Sendable, Equatable {
        /// The best point tried.
        public var point: [Double]
        /// The function there.
        public var value: Double
        /// Evaluations made.
        public var evaluations: Int
        /// Whether the simplex shrank below the tolerance (otherwise the budget ran out).
        public var converged: Bool
    }

    /// The parameters' boxes.
    public var bounds: [Bounds]
    /// The most evaluations.
    public var maxEvaluations: Int
    /// The simplex size (in z, radians) below which the search has converged.
    public var tolerance: Double

    /// A search over `bounds`, at most `maxEvaluations` evaluations.
    public init(bounds: [Bounds], maxEvaluations: Int, tolerance: Double = 1e-3) {
        self.bounds = bounds
        self.maxEvaluations = maxEvaluations
        self.tolerance = tolerance
    }

    /// The point in the box for `z`.
    func point(_ z: [Double]) -> [Double] {
        zip(z, bounds).map { z, box in box.low + (box.high - box.low) * (1 + sin(z)) / 2 }
    }

    /// The z of a point in the box (its middle for a point outside).
    func z(_ point: [Double]) -> [Double] {
        zip(point, bounds).map { x, box in
            let unit = (x - box.low) / (box.high - box.low) * 2 - 1
            return asin(Swift.min(1, Swift.max(-1, unit.isFinite ? unit : 0)))
        }
    }

    /// Minimises `f` from `start`; `f` is called on points in the box, one at a time.
    public func minimise(from start: [Double], _ f: ([Double]) -> Double) -> Outcome {
        precondition(
            start.count == bounds.count && !bounds.isEmpty, "a search needs a start in every parameter")
        return withoutActuallyEscaping(f) { f in
            let state = SearchState(search: self, f: f)
            let context = Unmanaged.passRetained(state)
            defer { context.release() }
            state.run(from: z(start), context: context.toOpaque())
            return Outcome(
                point: state.bestPoint, value: state.bestValue, evaluations: state.evaluations,
                converged: state.converged)
        }
    }
}

/// The search's moving parts, reached from GSL's callback through its `params` pointer.
private final class SearchState {
    let search: SimplexSearch
    let f: ([Double]) -> Double
    var evaluations = 0
    var bestPoint: [Double] = []
    var bestValue = Double.infinity
    var converged = false

    init(search: SimplexSearch, f: @escaping ([Double]) -> Double) {
        self.search = search
        self.f = f
    }

    /// The function at z, remembering the best point; +∞ once the budget is spent, so the
    /// simplex stops moving.
    func evaluate(_ z: [Double]) -> Double {
        guard evaluations < search.maxEvaluations else { return .infinity }
        evaluations += 1
        let point = search.point(z)
        let value = f(point)
        let score = value.isNaN ? Double.infinity : value
        if score < bestValue {
            bestValue = score
            bestPoint = point
        }
        return score
    }

    func run(from start: [Double], context: UnsafeMutableRawPointer) {
        let n = start.count
        guard let x = gsl_vector_alloc(n), let step = gsl_vector_alloc(n),
            let minimiser = gsl_multimin_fminimizer_alloc(cgsl_nmsimplex2(), n)
        else { preconditionFailure("GSL could not allocate a simplex of \(n) parameters") }
        defer {
            gsl_multimin_fminimizer_free(minimiser)
            gsl_vector_free(step)
            gsl_vector_free(x)
        }
        for (index, value) in start.enumerated() {
            gsl_vector_set(x, index, value)
            gsl_vector_set(step, index, 0.4)
        }
        var function = gsl_multimin_function(
            f: { z, params in
                guard let z, let params else { return .infinity }
                let state = Unmanaged<SearchState>.fromOpaque(params).takeUnretainedValue()
                return state.evaluate((0..<z.pointee.size).map { gsl_vector_get(z, $0) })
            }, n: n, params: context)
        guard gsl_multimin_fminimizer_set(minimiser, &function, x, step) == GSL_SUCCESS else { return }
        while evaluations < search.maxEvaluations {
            guard gsl_multimin_fminimizer_iterate(minimiser) == GSL_SUCCESS else { break }
            let size = gsl_multimin_fminimizer_size(minimiser)
            if gsl_multimin_test_size(size, search.tolerance) == GSL_SUCCESS {
                converged = true
                break
            }
        }
    }
}
