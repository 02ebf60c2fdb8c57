/// What one certificate of a standard covers: one product (an อย. number, a มผช. certificate) or
/// the premises where everything is made (a factory licence, GMP). The tracker keeps one
/// certificate per enterprise × product × standard, or per enterprise × standard for premises.
public enum StandardScope: String, Sendable, Hashable, Codable, CaseIterable {
    case product
    case premises
}
