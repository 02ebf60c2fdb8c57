/// Where one assignment (a request confirmed to one provider, or assigned by an officer) stands.
public enum AssignmentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The provider works on it; its capacity and the committed coupon are held.
    case active
    /// The provider reported the work done; waits for the enterprise's confirmation.
    case workReported
    /// The enterprise confirmed completion; capacity freed, coupon spent.
    case completed
    /// Withdrawn by the enterprise or an officer; capacity freed, coupon released.
    case withdrawn

    /// Still holds a unit of the provider's capacity.
    public var isOpen: Bool { self == .active || self == .workReported }
}
