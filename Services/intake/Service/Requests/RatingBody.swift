/// `POST /v1/requests/{id}/rating`: the enterprise rates completed work and reports its monthly
/// income before and after (whole baht).
struct RatingBody: Decodable {
    var rating: Int?
    var comment: String?
    var monthlyIncomeBeforeBaht: Int?
    var monthlyIncomeAfterBaht: Int?

    struct Valid {
        var rating: Int
        var comment: String?
        var monthlyIncomeBeforeBaht: Int?
        var monthlyIncomeAfterBaht: Int?
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let rating = v.int(rating, "rating", in: 1...5, required: true)
        let comment = v.optionalText(comment, "comment", maxLength: 2000)
        let before = v.int(monthlyIncomeBeforeBaht, "monthlyIncomeBeforeBaht", in: 0...1_000_000_000, required: false)
        let after = v.int(monthlyIncomeAfterBaht, "monthlyIncomeAfterBaht", in: 0...1_000_000_000, required: false)
        try v.finish()
        return Valid(rating: rating!, comment: comment, monthlyIncomeBeforeBaht: before, monthlyIncomeAfterBaht: after)
    }
}
