/// What every report answers: its name (`report` in the JSON, the CSV file's name), the period it
/// covers, and its CSV form (``ReportCSV``). ``ReportsController`` serves each the same way.
protocol ProgrammeReport: Encodable, Sendable {
    /// `served`, `budget-execution`, `provider-scorecards`.
    var report: String { get }
    var period: ReportPeriodView { get }
    /// The CSV document, byte-order mark first.
    var csv: String { get }
}

extension ServedReport: ProgrammeReport {}
extension BudgetExecutionReport: ProgrammeReport {}
extension ProviderScorecards: ProgrammeReport {}
