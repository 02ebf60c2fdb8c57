import Allocation
import Foundation
@testable import Postgres
import Testing

/// The ISO timestamp text the session uses (`DateStyle=ISO`, `TimeZone=UTC`), without a server.
@Suite("TimestampText")
struct TimestampTextTests {
    private func micros(_ date: Date?) -> Int64? {
        date.map { Int64(($0.timeIntervalSince1970 * 1_000_000).rounded()) }
    }

    @Test("Formats as YYYY-MM-DD HH:MM:SS.ffffff+00", arguments: [
        (0.0, "1970-01-01 00:00:00.000000+00"),
        (1_795_833_311.123_456, "2026-11-28 02:35:11.123456+00"),
        (951_782_400.5, "2000-02-29 00:00:00.500000+00"),
        (-1.0, "1969-12-31 23:59:59.000000+00"),
        (-0.000_001, "1969-12-31 23:59:59.999999+00"),
        (-14_184_979_200.0, "1520-07-01 00:00:00.000000+00"),
        (253_402_300_799.0, "9999-12-31 23:59:59.000000+00"),
    ])
    func format(seconds: Double, text: String) {
        #expect(TimestampText.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(micros(TimestampText.parse(text)) == micros(Date(timeIntervalSince1970: seconds)))
    }

    @Test("Round trip keeps the microsecond for dates before and after 1970, leap days included")
    func roundTrip() {
        var generator = SplitMix64(seed: 20261128)
        var samples: [Double] = [0, -0.5, 951_782_400.000_001, 1_709_164_800.999_999, -2_203_891_200.25, 4_107_456_000.0]
        for _ in 0..<500 {
            // Whole microseconds between 1800 and 2200.
            let microseconds = Int64.random(in: -5_364_662_400_000_000...7_258_118_400_000_000, using: &generator)
            samples.append(Double(microseconds) / 1_000_000)
        }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(micros(TimestampText.parse(TimestampText.format(date))) == micros(date), "\(seconds)")
        }
    }

    @Test("Parses what PostgreSQL prints, with offsets", arguments: [
        ("2024-02-29 12:00:00+00", 1_709_208_000.0),
        ("2024-02-29 19:00:00+07", 1_709_208_000.0),
        ("2024-02-29 17:30:00+05:30", 1_709_208_000.0),
        ("2024-02-29 08:30:00-03:30", 1_709_208_000.0),
        ("2024-02-29 12:00:00Z", 1_709_208_000.0),
        ("2024-02-29T12:00:00", 1_709_208_000.0),
        ("2024-02-29 12:00:00.25+00", 1_709_208_000.25),
        ("2024-02-29 12:00:00.000001+00", 1_709_208_000.000_001),
        ("1900-01-01 00:00:00+06:42:04", -2_208_988_800.0 - 24_124),
        ("1969-07-20 20:17:40+00", -14_182_940.0),
        ("2024-02-29", 1_709_164_800.0),
    ])
    func parse(text: String, seconds: Double) {
        #expect(micros(TimestampText.parse(text)) == micros(Date(timeIntervalSince1970: seconds)))
    }

    @Test("Rejects what is not a timestamp", arguments: [
        "", "2024", "2024-13-01", "2024-02-00", "24-02-29", "2024-02-29 25:00:00", "2024-02-29 12:00",
        "2024-02-29 12:00:00+", "2024-02-29 12:00:00 UTC", "infinity", "2024-02-29 12:00:00+00 BC",
    ])
    func rejects(text: String) {
        #expect(TimestampText.parse(text) == nil)
    }
}
