import Foundation

/// Finds the first member name an object of a JSON text repeats (`{"name": "a", "name": "b"}`), which
/// JSONSerialization would silently resolve to the last. RFC 8259 §4 leaves such objects'
/// meaning to the reader; intake refuses them (422 naming the key) rather than guess which of
/// two values the client meant. Names are compared after unescaping (`"a"` and `"\u0061"` are one
/// name). Reads text that has already parsed as JSON.
enum RepeatedKeys {
    /// The JSON Pointer of the first repeated member (`/products/0/name`), `nil` when there is none.
    static func first(in bytes: Data) -> String? {
        var scanner = Scanner(bytes: [UInt8](bytes))
        return scanner.run()
    }

    private enum Frame {
        case object(names: Set<String>, current: String?, expectingName: Bool)
        case array(index: Int)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0
        var stack: [Frame] = []

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func run() -> String? {
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "{"):
                    stack.append(.object(names: [], current: nil, expectingName: true))
                    position += 1
                case UInt8(ascii: "["):
                    stack.append(.array(index: 0))
                    position += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    stack.removeLast()
                    position += 1
                case UInt8(ascii: ","):
                    switch stack.last {
                    case .object(let names, let current, _)?: stack[stack.count - 1] = .object(names: names, current: current, expectingName: true)
                    case .array(let index)?: stack[stack.count - 1] = .array(index: index + 1)
                    case nil: break
                    }
                    position += 1
                case UInt8(ascii: "\""):
                    let text = string()
                    if case .object(var names, _, true)? = stack.last {
                        guard names.insert(text).inserted else { return pointer(to: text) }
                        stack[stack.count - 1] = .object(names: names, current: text, expectingName: false)
                    }
                default:
                    position += 1
                }
            }
            return nil
        }

        /// Reads the string token at `position` (its opening quote) and returns its value.
        private mutating func string() -> String {
            let start = position
            var escaped = false
            position += 1
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    position += 1
                } else if byte == UInt8(ascii: "\"") {
                    break
                }
            }
            let token = bytes[start..<position]
            if !escaped { return String(decoding: token.dropFirst().dropLast(), as: UTF8.self) }
            return (try? JSONDecoder().decode(String.self, from: Data(token))) ?? String(decoding: token, as: UTF8.self)
        }

        /// The pointer of member `name` of the innermost object.
        private func pointer(to name: String) -> String {
            var parts: [String] = []
            for frame in stack.dropLast() {
                switch frame {
                case .object(_, let current, _): parts.append(current ?? "")
                case .array(let index): parts.append(String(index))
                }
            }
            parts.append(name)
            return parts.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
        }
    }
}
