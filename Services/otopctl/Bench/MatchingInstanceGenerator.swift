import Allocation

/// Generates a realistic allocation round for the benchmark, from a seed:
///
/// - demand is skewed across regions (the northeast asks most, the west least) and across
///   provinces within a region;
/// - providers sit in provinces (more in the central region, where the institutes are), a
///   few serve the whole country; each offers two to four of the six service areas and one to
///   three of the five product types;
/// - each request has a few to a few dozen candidates (3–40, about 21 on average), mostly
///   in its own region; scores favour the same province, then the same region, then
///   matching competences, plus a past-outcomes share; scores are rounded to tens, so exact
///   ties occur;
/// - the round is oversubscribed: providers' capacity totals about 75 % of the requests and
///   each region's coupons cover 55–85 % of its requests (the west has no budget entry:
///   unlimited).
struct MatchingInstanceGenerator {
    /// A province (ISO code) and its region name.
    struct Place {
        var province: String
        var region: String
    }

    let places: [Place]

    /// Relative demand per request region.
    static let regionDemand: [String: Double] = [
        "northeast": 2.2, "north": 1.3, "central": 1.0, "south": 1.0, "east": 0.8, "west": 0.6,
    ]
    /// Relative provider density per region.
    static let regionSupply: [String: Double] = [
        "central": 1.8, "north": 1.2, "northeast": 1.1, "south": 1.0, "east": 0.9, "west": 0.6,
    ]

    func generate(requests requestCount: Int, providers providerCount: Int, seed: UInt64) throws -> AllocationProblem {
        var random = SplitMix64(seed: seed)
        func unit() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.below(UInt64(range.count))) }

        let regions = Array(Set(places.map(\.region))).sorted()
        let regionOfPlace = places.map { regions.firstIndex(of: $0.region)! }
        // Cumulative weights for drawing request and provider provinces.
        func cumulative(_ table: [String: Double]) -> [Double] {
            var total = 0.0
            return places.map { place in
                total += (table[place.region] ?? 1.0) * (0.5 + unit())
                return total
            }
        }
        let demandWeights = cumulative(Self.regionDemand)
        let supplyWeights = cumulative(Self.regionSupply)
        func draw(_ weights: [Double]) -> Int {
            let x = unit() * weights[weights.count - 1]
            var low = 0, high = weights.count - 1
            while low < high {
                let mid = (low + high) / 2
                if weights[mid] < x { low = mid + 1 } else { high = mid }
            }
            return low
        }

        // Providers.
        let serviceAreas = 6, productTypes = 5
        var providerPlace = [Int](repeating: 0, count: providerCount)
        var providerNational = [Bool](repeating: false, count: providerCount)
        var providerAreas = [UInt8](repeating: 0, count: providerCount)
        var providerTypes = [UInt8](repeating: 0, count: providerCount)
        var providerOutcome = [Int](repeating: 0, count: providerCount)
        var providersInRegion = [[Int32]](repeating: [], count: regions.count)
        var providersInPlace = [[Int32]](repeating: [], count: places.count)
        var nationalProviders: [Int32] = []
        let meanLoad = 0.75 * Double(requestCount) / Double(max(providerCount, 1))
        var providers: [AllocationProvider] = []
        providers.reserveCapacity(providerCount)
        for p in 0..<providerCount {
            let place = draw(supplyWeights)
            providerPlace[p] = place
            providerNational[p] = unit() < 0.08
            for _ in 0..<int(2...4) { providerAreas[p] |= 1 << UInt8(int(0...(serviceAreas - 1))) }
            for _ in 0..<int(1...3) { providerTypes[p] |= 1 << UInt8(int(0...(productTypes - 1))) }
            providerOutcome[p] = int(0...2000)
            providersInRegion[regionOfPlace[place]].append(Int32(p))
            providersInPlace[place].append(Int32(p))
            if providerNational[p] { nationalProviders.append(Int32(p)) }
            let load = Int((meanLoad * (0.4 + 1.2 * unit())).rounded())
            providers.append(AllocationProvider(id: "p\(p + 1)", maxLoad: max(load, 1)))
        }

        // Requests and their candidates.
        var requests: [AllocationRequest] = []
        requests.reserveCapacity(requestCount)
        var demand = [Int](repeating: 0, count: regions.count)
        var edges = CandidateEdges()
        edges.reserveCapacity(requestCount * 22)
        var chosenStamp = [Int32](repeating: -1, count: providerCount)
        var chosen: [Int32] = []
        for r in 0..<requestCount {
            let place = draw(demandWeights)
            let region = regionOfPlace[place]
            demand[region] += 1
            requests.append(AllocationRequest(id: "r\(r + 1)", region: regions[region]))
            guard providerCount > 0 else { continue }
            let area = UInt8(int(0...(serviceAreas - 1))), type = UInt8(int(0...(productTypes - 1)))
            let wanted = min(int(3...40), providerCount)
            chosen.removeAll(keepingCapacity: true)
            var attempts = 0
            while chosen.count < wanted && attempts < wanted * 4 {
                attempts += 1
                let x = unit()
                let pool: [Int32]
                if x < 0.12 && !providersInPlace[place].isEmpty { pool = providersInPlace[place] }
                else if x < 0.70 && !providersInRegion[region].isEmpty { pool = providersInRegion[region] }
                else if x < 0.80 && !nationalProviders.isEmpty { pool = nationalProviders }
                else { pool = [] }
                let p = pool.isEmpty ? Int32(int(0...(providerCount - 1))) : pool[int(0...(pool.count - 1))]
                if chosenStamp[Int(p)] != Int32(r) {
                    chosenStamp[Int(p)] = Int32(r)
                    chosen.append(p)
                }
            }
            for p32 in chosen {
                let p = Int(p32)
                var score = providerOutcome[p]
                if providerPlace[p] == place { score += 4000 }
                else if regionOfPlace[providerPlace[p]] == region { score += 2500 }
                else if providerNational[p] { score += 1500 }
                else { score += 500 }
                if providerAreas[p] & (1 << area) != 0 { score += 2500 }
                if providerTypes[p] & (1 << type) != 0 { score += 1500 }
                edges.append(request: r, provider: p, score: score / 10 * 10)
            }
        }

        var budgets: [RegionBudget] = []
        for (g, name) in regions.enumerated() where name != "west" {
            budgets.append(RegionBudget(region: name, coupons: Int(Double(demand[g]) * (0.55 + 0.3 * unit()))))
        }
        return try AllocationProblem(requests: requests, providers: providers, budgets: budgets, candidates: edges)
    }
}
