import Foundation
@testable import PortalService
import Testing

@Suite struct LabelCatalogueTests {
    @Test func everyLabelHasBothLanguages() {
        for (key, texts) in Labels.entries {
            #expect(!texts.th.isEmpty, "\(key) has no Thai text")
            #expect(!texts.en.isEmpty, "\(key) has no English text")
        }
    }

    /// Every `{{t.key}}` in the templates names a label.
    @Test func everyTemplateLabelExists() throws {
        let folder = try #require(Bundle.module(for: PortalService.self)?.url(forResource: "Templates", withExtension: nil))
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            var rest = Substring(text)
            while let start = rest.range(of: "{{t.") {
                let tail = rest[start.upperBound...]
                guard let end = tail.range(of: "}}") else { break }
                let key = String(tail[..<end.lowerBound])
                #expect(Labels.entries[key] != nil, "\(file) uses t.\(key), which the catalogue lacks")
                rest = tail[end.upperBound...]
            }
        }
    }
}

extension Bundle {
    /// The portal's resource bundle, found beside the test bundle.
    static func module(for _: PortalService.Type) -> Bundle? {
        let names = ["otop-sti_PortalService.resources", "otop-sti_PortalService.bundle"]
        for base in [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()] {
            for name in names {
                if let bundle = Bundle(url: base.appendingPathComponent(name)) { return bundle }
            }
        }
        return nil
    }
}
