import Foundation
@testable import PortalService
import Testing

@Suite struct SVGChartTests {
    @Test func barsEscapeTheirTextAndScaleToTheLargest() {
        let svg = SVGChart.bars(title: "Funnel <1>", description: "a & b", [.init(label: "รับ <x>", value: 200), .init(label: "ผ่าน", value: 100)])
        #expect(svg.contains("<title id="))
        #expect(svg.contains("Funnel &lt;1&gt;"))
        #expect(svg.contains("a &amp; b"))
        #expect(svg.contains("รับ &lt;x&gt;"))
        #expect(!svg.contains("<x>"))
        #expect(svg.contains(">200<") && svg.contains(">100<"))
        #expect(svg.contains("role=\"img\""))
    }

    @Test func aLineHasOnePointPerMonth() {
        let svg = SVGChart.line(title: "t", description: "d", points: (1...12).map { .init(label: "m\($0)", value: $0) })
        #expect(svg.components(separatedBy: "<circle").count - 1 == 12)
        #expect(svg.contains("<polyline"))
    }

    @Test func csvHasAByteOrderMarkAndQuotes() {
        let file = CSVFile(name: "x.csv", header: ["ภาค", "จำนวน"], rows: [["ภาคเหนือ, เชียงใหม่", "1200"], ["say \"hi\"", "3"]])
        let bytes = [UInt8](file.data)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: file.data, as: UTF8.self)
        #expect(text.contains("\"ภาคเหนือ, เชียงใหม่\",1200\r\n"))
        #expect(text.contains("\"say \"\"hi\"\"\",3\r\n"))
    }
}
