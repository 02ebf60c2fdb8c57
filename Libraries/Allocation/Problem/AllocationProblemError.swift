/// Why an allocation problem was refused. `item` names the offending entry the way the
/// instance file does (`providers[3]`, `edges[1207]`), `message` says what is wrong with it.
public struct AllocationProblemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of mistake the problem contains.
    public enum Code: String, Sendable, Hashable {
        /// Two requests share an id.
        case duplicateRequest
        /// Two providers share an id.
        case duplicateProvider
        /// Two budget entries name the same region.
        case duplicateBudget
        /// The same request → provider pair appears twice among the edges.
        case duplicateEdge
        /// An edge names a request that is not in the problem.
        case unknownRequest
        /// An edge names a provider that is not in the problem.
        case unknownProvider
        /// A provider's `maxLoad` is negative.
        case negativeCapacity
        /// A region's `coupons` is negative.
        case negativeBudget
        /// A positive score is too large for exact integer arithmetic at this problem size.
        case scoreOutOfRange
        /// More requests, providers or edges than the solver's 32-bit indices hold.
        case problemTooLarge
    }

    /// What kind of mistake.
    public var code: Code
    /// The offending entry, e.g. `edges[12]` or `providers[3]`.
    public var item: String
    /// A sentence for a person, naming the ids involved.
    public var message: String

    public init(_ code: Code, item: String, message: String) {
        self.code = code
        self.item = item
        self.message = message
    }

    public var description: String { "\(item): \(message)" }
}
