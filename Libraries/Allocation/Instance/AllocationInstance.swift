/// The instance file format shared with other solvers (see docs/allocation.md):
///
///     {"requests":[{"id":"r1","region":"north"}],
///      "providers":[{"id":"p1","maxLoad":5}],
///      "budgets":[{"region":"north","coupons":120}],
///      "edges":[{"request":"r1","provider":"p1","score":8734}]}
///
/// Keys may come in any order; unknown keys are ignored; `budgets` may be absent (every
/// region unlimited); a region without a budget entry is unlimited. Scores, capacities and
/// coupons must be JSON integers.
public enum AllocationInstance {
    /// Reads an instance file's bytes into a validated problem.
    public static func decode(_ bytes: [UInt8]) throws(InstanceFormatError) -> AllocationProblem {
        var result: Result<AllocationProblem, InstanceFormatError>!
        bytes.withUnsafeBufferPointer { buffer in
            var decoder = InstanceDecoder(scanner: JSONScanner(bytes: buffer))
            do throws(InstanceFormatError) {
                result = .success(try decoder.decode())
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// Writes a problem in the instance format: one request, provider, budget or edge per
    /// line, in the problem's order (so a decoded file solves to the same assignment).
    public static func encode(_ problem: AllocationProblem) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 * (problem.edges.count + problem.requests.count + problem.providers.count) + 64)
        func append(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        func appendString(_ text: String) {
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0..<0x20:
                    append("\\u00")
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0xF)])
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        func appendInteger(_ value: Int) {
            out.append(contentsOf: String(value).utf8)
        }
        append("{\"requests\":[")
        for (i, request) in problem.requests.enumerated() {
            append(i == 0 ? "\n{\"id\":" : ",\n{\"id\":"); appendString(request.id)
            append(",\"region\":"); appendString(request.region); append("}")
        }
        append("],\n\"providers\":[")
        for (i, provider) in problem.providers.enumerated() {
            append(i == 0 ? "\n{\"id\":" : ",\n{\"id\":"); appendString(provider.id)
            append(",\"maxLoad\":"); appendInteger(provider.maxLoad); append("}")
        }
        append("],\n\"budgets\":[")
        for (i, budget) in problem.budgets.enumerated() {
            append(i == 0 ? "\n{\"region\":" : ",\n{\"region\":"); appendString(budget.region)
            append(",\"coupons\":"); appendInteger(budget.coupons); append("}")
        }
        append("],\n\"edges\":[")
        for k in 0..<problem.edges.count {
            let edge = problem.edges[k]
            append(k == 0 ? "\n{\"request\":" : ",\n{\"request\":"); appendString(problem.requests[edge.request].id)
            append(",\"provider\":"); appendString(problem.providers[edge.provider].id)
            append(",\"score\":"); appendInteger(edge.score); append("}")
        }
        append("]}\n")
        return out
    }
}
