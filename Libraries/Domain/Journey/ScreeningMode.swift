/// Who screens submitted requests for eligibility (`MATCHING_SCREENING`).
public enum ScreeningMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Matching applies the programme's rules itself and moves on at once (the demo's default).
    case auto
    /// A request waits for an officer's decision (eligible, or not eligible with a reason).
    case officer
}
