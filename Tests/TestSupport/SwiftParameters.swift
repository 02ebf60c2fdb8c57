/// The types Swift source takes as function and initialiser parameters, read from the text: enough
/// to see which event payload types a service's code handles (`func submitted(_ request:
/// RequestSubmitted ...)`, `_ event: CloudEvent<MatchProposed>`), without a compiler.
public enum SwiftParameters {
    /// The names in `candidates` that some function or initialiser declared in `source` takes as a
    /// parameter's type, bare or as the payload of `CloudEvent<...>`.
    public static func types(in source: String, among candidates: Set<String>) -> Set<String> {
        let parameterType = /:\s*(?:inout\s+)?(?:CloudEvent<)?([A-Z][A-Za-z0-9]*)\b/
        var found = Set<String>()
        for list in parameterLists(in: source) {
            for match in list.matches(of: parameterType) where candidates.contains(String(match.output.1)) {
                found.insert(String(match.output.1))
            }
        }
        return found
    }

    /// The text between the parentheses of every declared function's and initialiser's parameter
    /// list (`func name<...>(` or `init(` after a space or at a line's start; not `.init(` calls).
    private static func parameterLists(in source: String) -> [Substring] {
        let declaration = /(?:^|\s)(?:func\s+[^\s(<]+(?:<[^>]*>)?|init[?!]?)\s*\(/.anchorsMatchLineEndings()
        return source.matches(of: declaration).map { match in
            var depth = 1
            var end = match.range.upperBound
            while end < source.endIndex {
                if source[end] == "(" { depth += 1 }
                if source[end] == ")" { depth -= 1 }
                if depth == 0 { break }
                end = source.index(after: end)
            }
            return source[match.range.upperBound..<end]
        }
    }
}
