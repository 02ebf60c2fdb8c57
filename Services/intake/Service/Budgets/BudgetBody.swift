/// `PUT /v1/budgets/{fiscalYear}/{region}`: an officer sets a region's coupon budget (whole baht).
struct BudgetBody: Decodable {
    var amountBaht: Int?

    func validated() throws(Problem) -> Int {
        var v = Validation()
        let amount = v.int(amountBaht, "amountBaht", in: 0...100_000_000_000, required: true)
        try v.finish()
        return amount!
    }
}
