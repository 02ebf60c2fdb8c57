/// Work the solver did, for tuning and for benchmark reports.
public struct SolverStatistics: Sendable, Hashable {
    /// Nodes of the flow network (source, sink, regions, requests and providers that can be assigned).
    public var nodes: Int
    /// Arc slots (two per arc: forward and reverse).
    public var arcSlots: Int
    /// Refine phases (one per ε).
    public var phases: Int
    /// Push operations.
    public var pushes: Int
    /// Relabel operations.
    public var relabels: Int
    /// Global price updates.
    public var globalUpdates: Int

    public init(nodes: Int = 0, arcSlots: Int = 0, phases: Int = 0, pushes: Int = 0, relabels: Int = 0, globalUpdates: Int = 0) {
        self.nodes = nodes
        self.arcSlots = arcSlots
        self.phases = phases
        self.pushes = pushes
        self.relabels = relabels
        self.globalUpdates = globalUpdates
    }
}
