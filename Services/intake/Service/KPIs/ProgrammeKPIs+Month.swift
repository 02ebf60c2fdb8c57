import Domain
import Foundation
import Postgres

extension ProgrammeKPIs {
    /// One month of the fiscal year for the monthly trend: what happened in it (Bangkok dates),
    /// whichever fiscal year the requests were submitted in (not the cohort).
    struct Month: Codable, Sendable, Equatable {
        /// `2026-10`
        var month: String
        /// Requests submitted in the month.
        var requestsReceived: Int
        /// Assignments made in the month (`match.assigned`: a request assigned again counts again).
        var assigned: Int
        /// Work the enterprise (or an officer for it) confirmed in the month (`match.completed`).
        var completed: Int
        /// The coupon money those completions spent.
        var couponSpentBaht: Int

        /// The twelve months of `fiscalYear` in order, of the requests in `provinces` (all when `nil`).
        static func load(fiscalYear: FiscalYear, provinces: [String]?, pool: PostgresPool) async throws -> [Month] {
            let start = fiscalYear.start, end = fiscalYear.end
            return try await pool.query("""
                WITH months AS (
                  SELECT to_char(m, 'YYYY-MM') AS month
                  FROM generate_series((\(start) AT TIME ZONE 'Asia/Bangkok')::date,
                                       (\(end) AT TIME ZONE 'Asia/Bangkok')::date - 1, interval '1 month') AS m
                ), submitted AS (
                  SELECT to_char(r.submitted_at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM') AS month, count(*) AS n
                  FROM intake.requests r
                  WHERE r.submitted_at >= \(start) AND r.submitted_at < \(end)
                    AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces)))
                  GROUP BY 1
                ), assigned AS (
                  SELECT to_char(a.assigned_at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM') AS month, count(*) AS n
                  FROM intake.request_assignments a JOIN intake.requests r ON r.id = a.request_id
                  WHERE a.assigned_at >= \(start) AND a.assigned_at < \(end)
                    AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces)))
                  GROUP BY 1
                ), completed AS (
                  SELECT to_char(a.completed_at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM') AS month, count(*) AS n,
                         coalesce(sum(a.spent_coupon_baht), 0) AS spent
                  FROM intake.request_assignments a JOIN intake.requests r ON r.id = a.request_id
                  WHERE a.completed_at >= \(start) AND a.completed_at < \(end)
                    AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces)))
                  GROUP BY 1
                )
                SELECT m.month, coalesce(s.n, 0)::int AS requests_received, coalesce(a.n, 0)::int AS assigned,
                       coalesce(c.n, 0)::int AS completed, coalesce(c.spent, 0)::int8 AS coupon_spent_baht
                FROM months m
                LEFT JOIN submitted s ON s.month = m.month
                LEFT JOIN assigned a ON a.month = m.month
                LEFT JOIN completed c ON c.month = m.month
                ORDER BY m.month
                """).map { row in
                Month(month: try row.decode(String.self, column: "month"),
                      requestsReceived: try row.decode(Int.self, column: "requests_received"),
                      assigned: try row.decode(Int.self, column: "assigned"),
                      completed: try row.decode(Int.self, column: "completed"),
                      couponSpentBaht: Int(try row.decode(Int64.self, column: "coupon_spent_baht")))
            }
        }
    }
}
