@testable import PortalService
import Testing

@Suite struct RatingFormTests {
    @Test func readsTheRatingAndIncomesAsWholeNumbers() {
        let form = Form(fields: ["rating": ["4"], "monthlyIncomeBeforeBaht": ["30,000"], "monthlyIncomeAfterBaht": [" 36000 "],
                                 "comment": ["  ดีมาก  "]])
        let rating = RatingForm(form: form)
        #expect(rating.errors.isEmpty)
        #expect(rating.body.rating == 4)
        #expect(rating.body.monthlyIncomeBeforeBaht == 30_000)
        #expect(rating.body.monthlyIncomeAfterBaht == 36_000)
        #expect(rating.body.comment == "ดีมาก")
    }

    @Test func leavesEmptyFieldsToIntake() {
        let rating = RatingForm(form: Form(fields: ["monthlyIncomeBeforeBaht": [""]]))
        #expect(rating.errors.isEmpty)
        #expect(rating.body.rating == nil)
        #expect(rating.body.monthlyIncomeBeforeBaht == nil)
    }

    @Test func namesAnIncomeThatIsNotAWholeNumber() {
        let rating = RatingForm(form: Form(fields: ["rating": ["5"], "monthlyIncomeBeforeBaht": ["สามหมื่น"], "monthlyIncomeAfterBaht": ["1.5"]]))
        #expect(rating.errors == ["monthlyIncomeBeforeBaht": "wholeNumber", "monthlyIncomeAfterBaht": "wholeNumber"])
        #expect(rating.body.rating == 5)
    }
}
