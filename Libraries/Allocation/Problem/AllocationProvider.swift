/// A provider taking part in an allocation round.
public struct AllocationProvider: Sendable, Hashable {
    /// Unique among the round's providers.
    public var id: String
    /// How many requests this round may assign to the provider (its free capacity); 0 means none.
    public var maxLoad: Int

    public init(id: String, maxLoad: Int) {
        self.id = id
        self.maxLoad = maxLoad
    }
}
