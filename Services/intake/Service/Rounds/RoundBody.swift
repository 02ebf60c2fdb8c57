import Domain

/// `POST /v1/rounds`: an officer starts an allocation round for a fiscal year (one region, or all),
/// optionally with the lottery's seed (matching draws and records one when absent).
struct RoundBody: Decodable {
    var fiscalYear: Int?
    var region: String?
    /// A UInt64, as a JSON string or number.
    var seed: Seed?

    enum Seed: Decodable {
        case number(UInt64)
        case invalid(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(UInt64.self) {
                self = .number(number)
            } else if let text = try? container.decode(String.self) {
                self = UInt64(text).map(Seed.number) ?? .invalid(text)
            } else {
                self = .invalid("not a number")
            }
        }
    }

    struct Valid {
        var fiscalYear: Int
        var region: Region?
        var seed: UInt64?
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let year = v.int(fiscalYear, "fiscalYear", in: 2560...2700, required: true)
        let region = v.optionalOneOf(region, "region", as: Region.self)
        var value: UInt64?
        switch seed {
        case .number(let number): value = number
        case .invalid: v.fail("seed", Messages.seed)
        case nil: value = nil
        }
        try v.finish()
        return Valid(fiscalYear: year!, region: region, seed: value)
    }
}
