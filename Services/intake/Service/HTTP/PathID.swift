import Foundation
import Hummingbird

/// UUID path parameters, with a 404 for anything that is not one.
enum PathID {
    static func uuid(_ context: IntakeRequestContext, _ name: String) throws(Problem) -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw Problem.notFound(.resource, TextRules.printable(context.parameters.get(name) ?? name))
        }
        return id
    }
}
