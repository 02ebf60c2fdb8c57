import Foundation

/// One page of an intake list and its `next` link (intake's path and query, with its cursor).
struct IntakePage<Item: Decodable & Sendable>: Decodable, Sendable {
    var items: [Item]
    var next: String?

    /// The `cursor` of the next page, for the portal's own "next" link.
    var nextCursor: String? {
        guard let next, let query = next.split(separator: "?", maxSplits: 1).last else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("cursor=") {
            return String(pair.dropFirst("cursor=".count)).removingPercentEncoding
        }
        return nil
    }
}
