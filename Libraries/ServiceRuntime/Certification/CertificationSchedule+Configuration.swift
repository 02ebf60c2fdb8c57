import Domain
import Foundation

extension CertificationSchedule {
    /// The variable listing the reminder lead times in days.
    public static let leadDaysVariable = "CERTIFICATION_REMINDER_DAYS"

    /// The schedule with the lead times of `CERTIFICATION_REMINDER_DAYS` (default `90,60,30,7`):
    /// distinct whole days from 1 to 730, comma-separated. The certification service sends the
    /// reminders; intake reads the same setting to show a certificate's reminder schedule.
    public static func configured(_ environment: EnvironmentReader) throws(ConfigurationError) -> CertificationSchedule {
        let text = environment.string(leadDaysVariable, default: "90,60,30,7")
        var leads: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let days = Int(part.trimmingCharacters(in: .whitespaces)), (1...730).contains(days), !leads.contains(days) else {
                throw ConfigurationError(variable: leadDaysVariable, problem:
                    "must be distinct whole numbers of days from 1 to 730 separated by commas, found '\(text)'")
            }
            leads.append(days)
        }
        return CertificationSchedule(leadDays: leads)
    }
}
