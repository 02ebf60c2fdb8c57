/// Goldberg's cost-scaling push-relabel algorithm for minimum-cost circulation, on a
/// `FlowNetwork` whose costs are already multiplied by `nodeCount + 1`.
///
/// Every refine phase turns an ε·α-optimal circulation into an ε-optimal one (α = `alpha`):
/// arcs whose reduced cost is below −ε are saturated, then nodes with excess are discharged
/// in FIFO order (push along arcs of negative reduced cost, relabel when none is left). Two
/// heuristics keep the work low: push look-ahead (a node without an outgoing admissible arc
/// is relabelled before anything is pushed into it) and global price updates (a bucket-based
/// Dijkstra search from the deficit nodes, run at the start of each phase and after every
/// `updateFactor × nodeCount` relabels). When the phase with ε = 1 ends, the circulation is optimal
/// because scaled costs make 1-optimality imply exact optimality.
///
/// Scan orders are fixed (node index, then arc slot), so the result depends only on the
/// network, never on timing or hashing.
struct CostScaling {
    let network: FlowNetwork
    let alpha: Int64
    /// Node potentials ("prices"); reduced cost of arc v→w is cost + price[v] − price[w].
    let price: UnsafeMutablePointer<Int64>
    let excess: UnsafeMutablePointer<Int32>
    /// Current arc of each node (arcs before it are known not to be admissible).
    let current: UnsafeMutablePointer<Int32>
    /// FIFO ring of active nodes (excess > 0); every node is in it at most once.
    let queue: UnsafeMutablePointer<Int32>
    // Global update scratch: distance label, bucket lists.
    let distance: UnsafeMutablePointer<Int32>
    let bucketFirst: UnsafeMutablePointer<Int32>
    let bucketNext: UnsafeMutablePointer<Int32>
    let bucketPrevious: UnsafeMutablePointer<Int32>
    /// Work counters (for tests and tuning).
    private(set) var relabels = 0
    private(set) var pushes = 0
    private(set) var globalUpdates = 0
    private(set) var phases = 0

    /// A global price update runs at the start of every phase and again after
    /// `updateFactor × nodeCount` relabels (measured: more frequent updates cost more than
    /// they save on allocation networks).
    var updateFactor = 16.0

    init(network: FlowNetwork, alpha: Int64 = 5) {
        self.network = network
        self.alpha = alpha
        let n = Swift.max(network.nodeCount, 1)
        price = .allocate(capacity: n); price.initialize(repeating: 0, count: n)
        excess = .allocate(capacity: n); excess.initialize(repeating: 0, count: n)
        current = .allocate(capacity: n)
        queue = .allocate(capacity: n)
        distance = .allocate(capacity: n)
        bucketFirst = .allocate(capacity: n + 2)
        bucketNext = .allocate(capacity: n)
        bucketPrevious = .allocate(capacity: n)
        for v in 0..<network.nodeCount { current[v] = network.first[v] }
    }

    func deallocate() {
        price.deallocate(); excess.deallocate(); current.deallocate(); queue.deallocate()
        distance.deallocate(); bucketFirst.deallocate(); bucketNext.deallocate(); bucketPrevious.deallocate()
    }

    /// Runs the refine phases from ε = `maximumCost` / α down to ε = 1.
    mutating func run(maximumCost: Int64) {
        guard network.arcCount > 0 else { return }
        var epsilon = Swift.max(maximumCost, 1)
        repeat {
            epsilon = Swift.max(1, epsilon / alpha)
            phases += 1
            refine(epsilon: epsilon)
        } while epsilon > 1
    }

    // MARK: - Refine

    private mutating func refine(epsilon: Int64) {
        let n = network.nodeCount
        let first = network.first, head = network.head, reverse = network.reverse
        let residual = network.residual, cost = network.cost
        // Saturate every arc that violates ε-optimality.
        for v in 0..<n {
            let pv = price[v]
            var a = Int(first[v])
            let end = Int(first[v + 1])
            while a < end {
                let r = residual[a]
                if r > 0 {
                    let w = Int(head[a])
                    if cost[a] &+ pv &- price[w] < -epsilon {
                        residual[a] = 0
                        residual[Int(reverse[a])] += r
                        excess[v] -= r
                        excess[w] += r
                    }
                }
                a &+= 1
            }
            current[v] = first[v]
        }
        // Active nodes in index order.
        var queueHead = 0, queueCount = 0
        for v in 0..<n where excess[v] > 0 {
            queue[queueCount] = Int32(v)
            queueCount += 1
        }
        if queueCount == 0 { return }
        globalUpdate(epsilon: epsilon)
        let updateThreshold = Swift.max(Int(Double(n) * updateFactor), 64)
        var relabelsAtUpdate = relabels
        while queueCount > 0 {
            let v = Int(queue[queueHead])
            queueHead += 1; if queueHead == n { queueHead = 0 }
            queueCount -= 1
            // Discharge v.
            let end = Int(first[v + 1])
            while excess[v] > 0 {
                var a = Int(current[v])
                let pv = price[v]
                var pushed = false
                while a < end {
                    if residual[a] > 0 {
                        let w = Int(head[a])
                        if cost[a] &+ pv &- price[w] < 0 {
                            if excess[w] >= 0 && !hasAdmissibleArc(w) {
                                relabel(w, epsilon: epsilon)
                                if cost[a] &+ pv &- price[w] >= 0 { a += 1; continue }
                            }
                            let delta = Swift.min(excess[v], residual[a])
                            residual[a] -= delta
                            residual[Int(reverse[a])] += delta
                            excess[v] -= delta
                            let before = excess[w]
                            excess[w] = before + delta
                            pushes &+= 1
                            if before <= 0 && before + delta > 0 {
                                var tail = queueHead + queueCount
                                if tail >= n { tail -= n }
                                queue[tail] = Int32(w)
                                queueCount += 1
                            }
                            if excess[v] == 0 { pushed = true; break }
                        }
                    }
                    a &+= 1
                }
                if pushed {
                    current[v] = Int32(a)
                    break
                }
                relabel(v, epsilon: epsilon)
            }
            if relabels - relabelsAtUpdate >= updateThreshold {
                globalUpdate(epsilon: epsilon)
                relabelsAtUpdate = relabels
            }
        }
    }

    /// Whether `v` has an admissible arc (residual, negative reduced cost), advancing its
    /// current arc past arcs that are not.
    @inline(__always)
    private func hasAdmissibleArc(_ v: Int) -> Bool {
        let first = network.first, head = network.head, residual = network.residual, cost = network.cost
        var a = Int(current[v])
        let end = Int(first[v + 1])
        let pv = price[v]
        while a < end {
            if residual[a] > 0 && cost[a] &+ pv &- price[Int(head[a])] < 0 {
                current[v] = Int32(a)
                return true
            }
            a &+= 1
        }
        current[v] = Int32(end)
        return false
    }

    /// Lowers `v`'s price (v has no admissible arc): by ε when that makes some arc admissible,
    /// else so that its cheapest residual arc gets reduced cost −ε; points its current arc there.
    private mutating func relabel(_ v: Int, epsilon: Int64) {
        relabels &+= 1
        let first = network.first, head = network.head, residual = network.residual, cost = network.cost
        var a = Int(first[v])
        let end = Int(first[v + 1])
        var best = Int64.max
        var bestArc = a
        // Lowering the price by ε keeps ε-optimality when no arc is admissible: stop at the
        // first arc that this makes admissible, otherwise lower to the exact minimum.
        let lowered = price[v] &- epsilon
        while a < end {
            if residual[a] > 0 {
                let c = cost[a] &- price[Int(head[a])]
                if c &+ lowered < 0 {
                    price[v] = lowered
                    current[v] = Int32(a)
                    return
                }
                if c < best { best = c; bestArc = a }
            }
            a &+= 1
        }
        if best == Int64.max {
            // No residual arc leaves v: any lower price keeps ε-optimality.
            price[v] -= epsilon
            current[v] = first[v]
            return
        }
        // New reduced cost of bestArc: best + price[v] = −ε.
        price[v] = 0 &- best &- epsilon
        current[v] = Int32(bestArc)
    }

    // MARK: - Global price update

    /// Lowers prices by ε times each node's distance (in ε units of reduced cost) to the
    /// nearest deficit node in the residual network, so that admissible paths lead from every
    /// excess towards a deficit. Keeps ε-optimality; stops once every active node is labelled.
    private mutating func globalUpdate(epsilon: Int64) {
        globalUpdates &+= 1
        let n = network.nodeCount
        let first = network.first, head = network.head, reverse = network.reverse
        let residual = network.residual, cost = network.cost
        let unlabelled = Int32.max
        let scanned: Int32 = -1
        let maxBucket = n
        var activeLeft = 0
        for v in 0..<n {
            distance[v] = unlabelled
            if excess[v] > 0 { activeLeft += 1 }
        }
        for k in 0...maxBucket { bucketFirst[k] = -1 }
        var inBuckets = 0
        for v in 0..<n where excess[v] < 0 {
            distance[v] = 0
            insert(v, bucket: 0)
            inBuckets += 1
        }
        // Scanned nodes keep their final label in `distance` as −1 − label.
        var level = 0
        search: while level <= maxBucket && inBuckets > 0 {
            while bucketFirst[level] >= 0 {
                let w = Int(bucketFirst[level])
                remove(w, bucket: level)
                inBuckets -= 1
                distance[w] = scanned - Int32(level)
                if excess[w] > 0 {
                    activeLeft -= 1
                    if activeLeft == 0 { break search }
                }
                let pw = price[w]
                var a = Int(first[w])
                let end = Int(first[w + 1])
                while a < end {
                    let v = Int(head[a])
                    let dv = distance[v]
                    if dv >= 0 && residual[Int(reverse[a])] > 0 {
                        // Reduced cost of the residual arc v → w.
                        let reduced = price[v] &- cost[a] &- pw
                        let length: Int64 = reduced < 0 ? 0 : reduced / epsilon + 1
                        if length <= Int64(maxBucket - level) {
                            let candidate = Int32(level) + Int32(length)
                            if candidate < dv {
                                if dv != unlabelled { remove(v, bucket: Int(dv)) } else { inBuckets += 1 }
                                distance[v] = candidate
                                insert(v, bucket: Int(candidate))
                            }
                        }
                    }
                    a &+= 1
                }
            }
            level += 1
        }
        // Apply: scanned nodes move by their label, all others by the level where the search stopped.
        let stop = Int64(level)
        for v in 0..<n {
            let dv = distance[v]
            let label = dv < 0 ? Int64(scanned - dv) : stop
            if label > 0 { price[v] -= label * epsilon }
            current[v] = first[v]
        }
    }

    @inline(__always)
    private func insert(_ v: Int, bucket k: Int) {
        let old = bucketFirst[k]
        bucketNext[v] = old
        bucketPrevious[v] = -1
        if old >= 0 { bucketPrevious[Int(old)] = Int32(v) }
        bucketFirst[k] = Int32(v)
    }

    @inline(__always)
    private func remove(_ v: Int, bucket k: Int) {
        let next = bucketNext[v], previous = bucketPrevious[v]
        if previous >= 0 { bucketNext[Int(previous)] = next } else { bucketFirst[k] = next }
        if next >= 0 { bucketPrevious[Int(next)] = previous }
    }
}
