import Foundation
import Testing
@testable import IntakeService

/// The OpenAPI document's `pattern` for an import file's body says exactly which files the server
/// reads a usable header from: thousands of generated files, awkward on purpose, are accepted by the
/// pattern (ICU's reading of it) exactly when ``CSVTable`` and ``ImportColumns/layout(of:)`` accept
/// them.
@Suite("Import header pattern")
struct ImportHeaderPatternTests {
    @Test("the served document gives each import body the pattern built from its column table, and its example matches it")
    func documented() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        for (path, columns) in OpenAPIDocument.importFiles {
            let csv = try #require(Self.member(document, "paths", path, "post", "requestBody", "content", "text/csv"))
            let schema = try #require(csv["schema"] as? [String: Any])
            #expect(schema["pattern"] as? String == ImportHeaderPattern.pattern(for: columns), "\(path)")
            let example = try #require(csv["example"] as? String, "\(path) has an example")
            #expect(try Self.matches(ImportHeaderPattern.pattern(for: columns), example), "\(path)'s example")
        }
    }

    @Test("enterprise files: the pattern accepts a generated file exactly when the server does", arguments: [20261129, 7, 99])
    func enterprises(seed: UInt64) throws {
        try Self.compare(EnterpriseFile.columns, seed: seed)
    }

    @Test("provider files (provinces or regions): the pattern accepts a generated file exactly when the server does",
          arguments: [20261129, 11])
    func providers(seed: UInt64) throws {
        try Self.compare(ProviderFile.columns, seed: seed)
    }

    @Test("cases the rule names: separators anywhere, Latin case, สระอำ and mark order, repeats; not quotes, other spaces or case mappings")
    func namedCases() throws {
        let columns = ImportColumns([ImportColumn("registrationNumber", thai: ["ผู้ติดต่อ"], english: ["kind"]),
                                     ImportColumn("name", thai: ["ตำบล"])], required: ["registrationNumber", "name"])
        let accepted = ["\u{FEFF}Registration Number,name", " registration_number ,\" N-A.M(E)'\"\r\nx",
                        "ผ\u{0E49}\u{0E39}ติดต่อ,ต\u{0E4D} \u{0E32}บล", "\"K\nind\",\"na\"\"me\"x\",name",
                        "kind,x,\"na me", "KIND,\"a\"b,c\",name", "kind,name,NAME", "kind,ตำบล,name",
                        "\"" + String(repeating: "ก\"x", count: 2_000) + "\"," + String(repeating: "x,", count: 500) + "kind,name"]
        let refused = ["\u{FEFF}\u{FEFF}kind,name", "\u{212A}ind,name", "ki\u{3000}nd,name", "\"ki\"\"nd\",name",
                       "kind\nname", "\"kind\" ,name", "\"a,kind\",name", "kind;name", ""]
        let pattern = ImportHeaderPattern.pattern(for: columns)
        for text in accepted {
            #expect(Self.serverAccepts(Array(text.utf8), columns), "server: \(text.debugDescription)")
            #expect(try Self.matches(pattern, text), "pattern: \(text.debugDescription)")
        }
        for text in refused {
            #expect(!Self.serverAccepts(Array(text.utf8), columns), "server: \(text.debugDescription)")
            #expect(try !Self.matches(pattern, text), "pattern: \(text.debugDescription)")
        }
    }

    // MARK: - Comparing

    static func member(_ object: [String: Any], _ keys: String...) -> [String: Any]? {
        keys.reduce(Optional(object)) { $0?[$1] as? [String: Any] }
    }

    static func serverAccepts(_ bytes: [UInt8], _ columns: ImportColumns) -> Bool {
        guard let table = try? CSVTable.read(bytes, maxRows: 1_000) else { return false }
        return (try? columns.layout(of: table.header)) != nil
    }

    static func matches(_ pattern: String, _ text: String) throws -> Bool {
        let expression = try NSRegularExpression(pattern: pattern)
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func compare(_ columns: ImportColumns, seed: UInt64, files: Int = 1_500) throws {
        let expression = try NSRegularExpression(pattern: ImportHeaderPattern.pattern(for: columns))
        var generator = HeaderFileGenerator(columns: columns, seed: seed)
        var outcomes = (accepted: 0, refused: 0)
        var disagreements: [String] = []
        for _ in 0..<files {
            let text = generator.file()
            let server = serverAccepts(Array(text.utf8), columns)
            let pattern = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            if server { outcomes.accepted += 1 } else { outcomes.refused += 1 }
            if server != pattern { disagreements.append("server \(server), pattern \(pattern): \(text.prefix(400).debugDescription)") }
        }
        print("import header pattern: \(ImportHeaderPattern.pattern(for: columns).utf8.count) bytes; accepted \(outcomes.accepted), refused \(outcomes.refused)")
        #expect(disagreements.count == 0, "of \(files) files; first: \(disagreements.prefix(3).joined(separator: "\n"))")
        // The generator must keep producing both kinds, or the comparison proves little.
        #expect(outcomes.accepted > files / 5 && outcomes.refused > files / 5, "accepted \(outcomes.accepted), refused \(outcomes.refused)")
    }
}

/// Import files with headers written every way the rule allows and many it does not.
struct HeaderFileGenerator {
    let columns: ImportColumns
    var random: SplitMix64

    init(columns: ImportColumns, seed: UInt64) {
        self.columns = columns
        self.random = SplitMix64(seed: seed)
    }

    mutating func file() -> String {
        var cells: [String] = []
        // Usually every required column, sometimes one left out; optional columns now and then,
        // sometimes one written twice.
        for column in columns.all {
            let required = columns.required.contains(column.field) || columns.requiredOneOf.contains { $0.first == column.field }
            let chance = required ? 0.98 : 0.25
            if random.chance(chance) { cells.append(header(for: column)) }
            if random.chance(0.04) { cells.append(header(for: column)) }
        }
        for _ in 0..<random.below(3) { cells.append(unknownCell()) }
        cells.shuffle(using: &random)
        var text = random.chance(0.3) ? "\u{FEFF}" : ""
        if random.chance(0.03) { text += "\u{FEFF}" }
        text += cells.joined(separator: random.chance(0.02) ? ";" : ",")
        if random.chance(0.05) { text += "," }
        if random.chance(0.04), let column = columns.all.randomElement(using: &random) {
            text += random.pick(["\r\n", "\n", "\r"]) + header(for: column)  // a second line does not count
        }
        if random.chance(0.7) {
            text += random.pick(["\r\n", "\n", "\r"]) + random.pick(["1,2,3", "\"a\nb\",c", "ก,\"ข\"\"ค\"", ",,,"])
        }
        return text
    }

    /// One cell naming `column`, written one of the ways officers do, or one of the ways that do not count.
    mutating func header(for column: ImportColumn) -> String {
        var scalars = Array(random.pick(column.headers).unicodeScalars)
        // Case flips of Latin letters.
        scalars = scalars.map { scalar in
            guard random.chance(0.2), scalar.isASCII, let flipped = String(scalar).uppercased().unicodeScalars.first,
                  flipped != scalar else { return scalar }
            return flipped
        }
        // สระอำ typed as two characters; a vowel below and tone mark swapped.
        if random.chance(0.4) {
            scalars = scalars.flatMap { $0 == ImportText.saraAm ? [ImportText.nikhahit, ImportText.saraAa] : [$0] }
        }
        if random.chance(0.4), let index = scalars.indices.dropLast().first(where: {
            scalars[$0].properties.canonicalCombiningClass.rawValue > 0 && scalars[$0 + 1].properties.canonicalCombiningClass.rawValue > 0
        }) {
            scalars.swapAt(index, index + 1)
        }
        // Separators anywhere, and now and then something that is not one.
        let separators: [Unicode.Scalar] = [" ", " ", "_", "-", ".", "/", "(", ")", "'", "\t", "\u{00A0}"]
        let strangers: [Unicode.Scalar] = ["\u{3000}", "\u{212A}", "\"", ",", "\u{FEFF}", "x", "\u{0E48}", "\u{0301}", "\u{FF4B}"]
        for _ in 0..<random.below(3) { scalars.insert(random.pick(separators), at: random.below(scalars.count + 1)) }
        if random.chance(0.04) { scalars.insert(random.pick(strangers), at: random.below(scalars.count + 1)) }
        let text = String(String.UnicodeScalarView(scalars))
        return quoted(text)
    }

    mutating func unknownCell() -> String {
        quoted(random.pick(["หมายเหตุ", "note", "", " ", "ลำดับ", "a,b", "x\"y", "ชื่อ", "name2", "จังหวัด อื่น"]))
    }

    /// Sometimes quoted, sometimes with a line break inside the quotes, a doubled or stray quote, or
    /// no closing quote; otherwise as it is (a cell holding a comma or quote then reads otherwise).
    mutating func quoted(_ text: String) -> String {
        guard random.chance(0.35) else { return text }
        var inner = text.replacingOccurrences(of: "\"", with: "\"\"")
        if random.chance(0.2) { inner.insert(contentsOf: random.pick(["\n", "\r\n", "\"\"", "\"x", "\" "]),
                                             at: inner.index(inner.startIndex, offsetBy: random.below(inner.count + 1))) }
        return "\"" + inner + (random.chance(0.03) ? "" : "\"")
    }
}

/// A small seeded generator (SplitMix64), so a disagreement can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<max(bound, 1), using: &self) }
    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &self)! }
}
