import Foundation

/// JSON Merge Patch (RFC 7396): a patch object's members replace the target's, `null` removes a
/// member, nested objects merge, anything else (arrays included) replaces whole.
enum MergePatch {
    static func apply(_ patch: Any, to target: Any?) -> Any {
        guard let patch = patch as? [String: Any] else { return patch }
        var result = target as? [String: Any] ?? [:]
        for (name, value) in patch {
            if value is NSNull {
                result[name] = nil
            } else {
                result[name] = apply(value, to: result[name])
            }
        }
        return result
    }

    /// `current` with `patch` applied, decoded back as `T`. Members outside `allowed` are refused
    /// with a 422 naming each; a member of the wrong type is a 400 naming it.
    static func patched<T: Codable>(_ current: T, with patch: [String: Any], allowed: Set<String>) throws -> T {
        var errors: [Problem.FieldError] = []
        for name in patch.keys.sorted() where !allowed.contains(name) {
            errors.append(.init(field: "/" + name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1"),
                                detail: Messages.notChangeable))
        }
        if !errors.isEmpty { throw Problem.validation(errors) }
        let target = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(current))
        let merged = apply(patch, to: target)
        let bytes = try JSONSerialization.data(withJSONObject: merged)
        return try JSONBody.decode(T.self, bytes: bytes)
    }
}
