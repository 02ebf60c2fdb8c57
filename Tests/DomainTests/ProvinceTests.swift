import Domain
import Testing

@Suite("Provinces and regions")
struct ProvinceTests {
    @Test("the bundled table holds the 77 provinces with the official region counts")
    func regionCounts() {
        #expect(Province.all.count == 77)
        let counts = Dictionary(grouping: Province.all, by: \.geographicRegion).mapValues(\.count)
        #expect(counts == [.north: 9, .northeast: 20, .central: 22, .east: 7, .west: 5, .south: 14])
        #expect(Set(Province.all.map(\.isoCode)).count == 77)
    }

    @Test("provinces are found by ISO code, case-insensitively")
    func lookup() throws {
        let chiangMai = try #require(Province.withCode("th-50"))
        #expect(chiangMai.nameTH == "เชียงใหม่")
        #expect(chiangMai.region == .north)
        #expect(Province.withCode("TH-99") == nil)
    }

    @Test("a malformed provinces table is refused with the line number")
    func malformed() {
        #expect(throws: ProvinceCatalogue.ParseError(line: 2, reason: "unknown region 'moon'")) {
            try ProvinceCatalogue.parse(csv: "iso_code,name_th,name_en,region\nTH-10,กรุงเทพมหานคร,Bangkok,moon\n")
        }
        #expect(throws: ProvinceCatalogue.ParseError(line: 2, reason: "expected 4 fields, found 3")) {
            try ProvinceCatalogue.parse(csv: "iso_code,name_th,name_en,region\nTH-10,Bangkok,central\n")
        }
    }
}
