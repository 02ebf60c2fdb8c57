import Mustache
import Synchronization

/// The values a template is rendered with: text, numbers, flags, lists of nested values. The
/// top-level values record every name a template asks for and does not find, so that a template
/// using a variable the renderer does not provide fails (``TemplateError/missingVariables``) instead
/// of sending a message with a hole in it.
///
/// swift-mustache looks a name up from the innermost section's value outwards and asks the top level
/// last, only when no section value had the name: a miss there is a real miss.
final class TemplateValues: MustacheParent, @unchecked Sendable {
    private let values: [String: Any]
    private let misses: MissRecorder?

    /// Top-level values (records misses).
    init(_ values: [String: Any]) {
        self.values = values
        self.misses = MissRecorder()
    }

    /// Values of one element of a list (a section); misses fall through to the top level.
    init(element values: [String: Any]) {
        self.values = values
        self.misses = nil
    }

    func child(named name: String) -> Any? {
        if let value = values[name] { return value }
        misses?.record(name)
        return nil
    }

    /// The names asked for and not found, sorted.
    var missingNames: [String] { misses?.names ?? [] }
}

/// Names looked up and not found during one render.
final class MissRecorder: Sendable {
    private let missed = Mutex<Set<String>>([])

    func record(_ name: String) { missed.withLock { _ = $0.insert(name) } }
    var names: [String] { missed.withLock { $0.sorted() } }
}
