import Foundation

/// What identifies a certificate besides its enterprise and standard: the product it covers, or the
/// premises for standards that cover the premises (a factory licence, GMP).
///
/// A product is keyed by its id (`product:<uuid>`); a request that names the product only by its
/// name, with no product id the tracker can find, is keyed by the name (`name:<normalised name>`:
/// trimmed, runs of white space as one space, case folded), so two requests for the same named
/// product share one certificate.
public enum CertificateProductKey {
    public static let premises = "premises"

    public static func product(_ id: UUID) -> String { "product:" + id.lowercased }

    public static func name(_ name: String) -> String { "name:" + normalised(name) }

    /// The name as keys compare it.
    public static func normalised(_ name: String) -> String {
        name.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
    }
}
