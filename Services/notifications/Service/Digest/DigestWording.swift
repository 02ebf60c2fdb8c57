import Foundation

/// The digest's template values.
enum DigestWording {
    static func values(_ digest: DigestFacts, _ language: Language) -> [String: Any] {
        var values: [String: Any] = [
            "regionName": Wording.region(digest.region, language),
            // The period ends at the send time: its last day is the day before.
            "periodStart": Wording.date(digest.periodStart, language),
            "periodEnd": Wording.date(digest.periodEnd.addingTimeInterval(-1), language),
        ]
        for kind in ActivityKind.allCases { values[kind.rawValue] = digest.count(kind) }
        if let budget = digest.budget {
            let used = budget.committedBaht + budget.spentBaht
            let percent = budget.allocatedBaht > 0 ? Int((Double(used) / Double(budget.allocatedBaht) * 100).rounded()) : 0
            values["budget"] = TemplateValues(element: [
                "fiscalYear": budget.fiscalYear,
                "allocated": Wording.baht(budget.allocatedBaht),
                "committed": Wording.baht(budget.committedBaht),
                "spent": Wording.baht(budget.spentBaht),
                "available": Wording.baht(budget.availableBaht),
                "usedPercent": percent,
            ])
        } else {
            values["budget"] = false
        }
        return values
    }
}
