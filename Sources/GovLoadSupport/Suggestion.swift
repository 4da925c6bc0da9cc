/// Spelling suggestions for misspelt keys and names, by edit distance.
package enum Suggestion {
    /// The Levenshtein distance between two strings.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased())
        let y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidate nearest to `word`, if it is near enough to be a plausible misspelling.
    package static func nearest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word, candidate)
            if best == nil || d < best?.1 ?? .max { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        let limit = max(2, min(word.count, candidate.count) / 3)
        return d <= limit ? candidate : nil
    }

    /// A sentence ending: "; did you mean 'x'?" or a list of what is valid.
    package static func hint(for word: String, in candidates: [String]) -> String {
        if let near = nearest(to: word, in: candidates) { return "; did you mean '\(near)'?" }
        return "; expected one of: " + candidates.joined(separator: ", ")
    }
}
