/// A residual network in compressed sparse row form: the arcs leaving node `v` are the slots
/// `first[v] ..< first[v + 1]`; every arc has its reverse at `reverse[a]`. Four flat buffers
/// per arc (head, reverse, residual capacity, cost) and no objects per arc: 20 bytes per arc
/// slot, two slots per original arc.
///
/// The buffers are allocated once by `init` and freed by `deallocate()`; the type is internal
/// to the solver, which owns exactly one network per solve.
struct FlowNetwork {
    let nodeCount: Int
    let arcCount: Int
    /// `first[v]` is the first arc slot of node `v`; `first[nodeCount] == arcCount`.
    let first: UnsafeMutablePointer<Int32>
    let head: UnsafeMutablePointer<Int32>
    let reverse: UnsafeMutablePointer<Int32>
    /// Residual capacity of each arc slot.
    let residual: UnsafeMutablePointer<Int32>
    /// Cost of each arc slot (the reverse slot holds the negated cost).
    let cost: UnsafeMutablePointer<Int64>
    /// Next free slot of each node while arcs are being added.
    private let fill: UnsafeMutablePointer<Int32>

    /// Allocates a network whose node `v` will get exactly `slotCount[v]` arc slots (original
    /// arcs leaving it plus reverses of arcs entering it).
    init(slotCount: [Int32]) {
        nodeCount = slotCount.count
        first = .allocate(capacity: nodeCount + 1)
        fill = .allocate(capacity: nodeCount)
        var total = 0
        for v in 0..<nodeCount {
            first[v] = Int32(total)
            fill[v] = Int32(total)
            total += Int(slotCount[v])
        }
        first[nodeCount] = Int32(total)
        arcCount = total
        head = .allocate(capacity: Swift.max(total, 1))
        reverse = .allocate(capacity: Swift.max(total, 1))
        residual = .allocate(capacity: Swift.max(total, 1))
        cost = .allocate(capacity: Swift.max(total, 1))
    }

    /// Adds the arc `tail → headNode` with `capacity` and `unitCost`, and its reverse; returns
    /// the forward slot.
    @discardableResult
    func addArc(from tail: Int, to headNode: Int, capacity: Int32, unitCost: Int64) -> Int {
        let a = Int(fill[tail]); fill[tail] += 1
        let b = Int(fill[headNode]); fill[headNode] += 1
        head[a] = Int32(headNode); head[b] = Int32(tail)
        reverse[a] = Int32(b); reverse[b] = Int32(a)
        residual[a] = capacity; residual[b] = 0
        cost[a] = unitCost; cost[b] = -unitCost
        return a
    }

    func deallocate() {
        first.deallocate(); fill.deallocate(); head.deallocate()
        reverse.deallocate(); residual.deallocate(); cost.deallocate()
    }
}
