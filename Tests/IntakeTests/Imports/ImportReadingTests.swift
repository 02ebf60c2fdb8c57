import Contracts
import Domain
import Foundation
import Testing
@testable import IntakeService

/// Reading import files without a database: the CSV library's output as the officer's rows, the
/// headers and values officers write, the grouping of rows into parties, the report's language.
@Suite("Import file reading")
struct ImportReadingTests {
    @Test("rows are numbered as the spreadsheet shows them: quoted line breaks stay in one row, blank rows count")
    func rowNumbers() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n\"x, y\",\"one\r\ntwo\"\r\n\r\n,,\r\nlast,\"q\"\"q\"\n".utf8)
        let table = try CSVTable.read(bytes, maxRows: 10)
        #expect(table.header == ["a", "b"])
        #expect(table.records.map(\.row) == [2, 5])
        #expect(table.records[0].cells == ["x, y", "one\r\ntwo"])
        #expect(table.records[1].cells == ["last", "q\"q"])
    }

    @Test("a comma before a Thai vowel sign still separates cells (a grapheme-based parser merges them)")
    func thaiCombiningMarkAfterComma() throws {
        let table = try CSVTable.read(Array("a,b\nx,\u{0E31}y\n".utf8), maxRows: 10)
        #expect(table.records.first?.cells == ["x", "\u{0E31}y"])
    }

    @Test("files that are not UTF-8 CSV are refused, naming the row")
    func refusals() {
        #expect(throws: ImportFileProblem.notUTF8(row: 3)) {
            try CSVTable.read(Array("a,b\n1,2\n3,".utf8) + [0xE0, 0xB8] + Array("x\n".utf8), maxRows: 10)
        }
        #expect(throws: ImportFileProblem.utf16) { try CSVTable.read([0xFF, 0xFE, 0x61, 0x00], maxRows: 10) }
        // In the header (CSV.swift itself would end row 1 there and go on), after a quoted line
        // break (still row 3), and a UTF-32 byte-order mark (CSV.swift would skip it as UTF-8's).
        #expect(throws: ImportFileProblem.notUTF8(row: 1)) {
            try CSVTable.read(Array("registrationNumber,na".utf8) + [0xAA, 0xD7] + Array("\nx,y\n".utf8), maxRows: 10)
        }
        #expect(throws: ImportFileProblem.notUTF8(row: 3)) {
            try CSVTable.read(Array("a,b\n\"x\ny\",1\nz,".utf8) + [0xFF], maxRows: 10)
        }
        #expect(throws: ImportFileProblem.notUTF8(row: 1)) { try CSVTable.read([0x00, 0x00, 0xFE, 0xFF] + Array("a,b\n".utf8), maxRows: 10) }
        #expect(throws: ImportFileProblem.empty) { try CSVTable.read([], maxRows: 10) }
        #expect(throws: ImportFileProblem.empty) { try CSVTable.read([0xEF, 0xBB, 0xBF], maxRows: 10) }
        #expect(throws: ImportFileProblem.separator(found: ";")) { try CSVTable.read(Array("a;b\n1;2\n".utf8), maxRows: 10) }
        #expect(throws: ImportFileProblem.tooManyRows(limit: 2)) { try CSVTable.read(Array("a\n1\n2\n3\n".utf8), maxRows: 2) }
    }

    @Test("headers match loosely: case, spaces, punctuation and both ways of typing สระอำ")
    func headers() throws {
        let header = ["Registration Number", "ชื่อวิสาหกิจ", "KIND", "province_code", "อำเภอ", "ต\u{0E4D}\u{0E32}บล",
                      "product name", "ประเภทผลิตภัณฑ์", "ชื่อผู้ติดต่อ", "หมายเหตุ", ""]
        let layout = try EnterpriseFile.columns.layout(of: header)
        #expect(layout.index["registrationNumber"] == 0)
        #expect(layout.index["subdistrict"] == 5)
        #expect(layout.ignored == ["หมายเหตุ"])
        let repeated = try EnterpriseFile.columns.layout(of: header + ["name"])
        #expect(repeated.positions(of: "name") == [1, 11])
        #expect(repeated.repeatedHeaders == ["name"])
    }

    @Test("provinces by ISO code, Thai name (with or without จ. / จังหวัด) and English name; closed lists by code or name")
    func vocabulary() {
        for text in ["TH-50", "th-50", "เชียงใหม่", "จ.เชียงใหม่", "จังหวัดเชียงใหม่", "Chiang Mai", "chiangmai"] {
            #expect(ImportVocabulary.province(text)?.isoCode == "TH-50", "\(text)")
        }
        #expect(ImportVocabulary.province("กทม.")?.isoCode == "TH-10")
        #expect(ImportVocabulary.province("เชียงม่วน") == nil)
        #expect(ImportVocabulary.productTypes.value("เครื่องดื่ม") == .beverage)
        #expect(ImportVocabulary.productTypes.value("Beverages") == .beverage)
        #expect(ImportVocabulary.standards.value("มผช.") == .tcps)
        #expect(ImportVocabulary.standards.value("อย.") == .fdaFoodSerial)
        #expect(ImportVocabulary.regions.value("อีสาน") == .northeast)
        #expect(ImportVocabulary.serviceAreas.value("standards system") == .standardsSystem)
        #expect(ImportVocabulary.enterpriseKinds.value("วิสาหกิจชุมชน") == .communityEnterprise)
    }

    @Test("Accept-Language picks the report's language; Thai by default")
    func language() {
        #expect(ReportLanguage.preferred(by: nil) == .th)
        #expect(ReportLanguage.preferred(by: "en") == .en)
        #expect(ReportLanguage.preferred(by: "en-US,en;q=0.9") == .en)
        #expect(ReportLanguage.preferred(by: "th-TH,en;q=0.8") == .th)
        #expect(ReportLanguage.preferred(by: "fr, en;q=0.5, th;q=0.7") == .th)
        #expect(ReportLanguage.preferred(by: "de, *") == .th)
        #expect(ReportLanguage.preferred(by: "en;q=0, th;q=0") == .th)
    }

    @Test("rows group into enterprises by registration number; continuation rows join the enterprise above")
    func grouping() throws {
        let header = "registrationNumber,name,kind,province,district,productName,productType,contactName,contactEmail"
        let text = [
            header,
            ",,,,,ลอยไม่มีเจ้าของ,food,,",                                                            // 2: nobody above
            "0994000123451,กลุ่ม ก,sme,TH-50,เมือง,ก1,food,คุณเอ,a@example.org",                       // 3
            ",,,,,ก2,food,,",                                                                       // 4: joins 3
            "0994000123469,กลุ่ม ข,sme,TH-50,เมือง,ข1,food,คุณบี,b@example.org",                       // 5
            "0994000123451,,,,,ก3,food,คุณซี,c@example.org",                                         // 6: joins 3 again
            ",,,,,ข2,food,,",                                                                       // 7: joins 3 (the row above named it)
        ].joined(separator: "\n")
        let table = try CSVTable.read(Array(text.utf8), maxRows: 100)
        let reading = EnterpriseFile.read(table, layout: try EnterpriseFile.columns.layout(of: table.header))
        #expect(reading.candidates.map(\.rows) == [[3, 4, 6, 7], [5]])
        #expect(reading.candidates[0].products.map(\.value.name) == ["ก1", "ก2", "ก3", "ข2"])
        #expect(reading.candidates[0].contacts.map(\.row) == [3, 6])
        #expect(reading.problems.map(\.issue) == [.noPartyAbove])
        #expect(reading.failed.map(\.rows) == [[2]])
    }

    @Test("a blank channels cell means the first channel with an address; a listed channel needs its address")
    func contactChannels() throws {
        let header = ["contactName", "contactPhone", "contactEmail", "contactChannels"]
        let layout = try ImportColumns(ContactColumns.all, required: []).layout(of: header)
        func contact(_ cells: [String]) -> (ContactPerson?, [ImportIssue]) {
            var reader = RowReader(record: .init(row: 2, cells: cells), layout: layout)
            return (ContactColumns.read(&reader), reader.problems.map(\.issue))
        }
        #expect(contact(["นายเขียว", "0891234567", "", ""]).0?.channels == [.sms])
        #expect(contact(["นายเขียว", "0891234567", "k@example.org", ""]).0?.channels == [.email])
        #expect(contact(["นายเขียว", "", "k@example.org", "ไลน์"]).1 == [.channelWithoutAddress(.line)])
        #expect(contact(["", "0891234567", "", ""]).1 == [.detailsWithoutName(nameField: "contactName")])
        #expect(contact(["", "", "", ""]).0 == nil)
        #expect(contact(["นาย\u{0}เขียว", "0891234567", "", ""]).1 == [.controlCharacter])
    }

    @Test("merging keeps stored contact persons the file does not name, and stored values of columns the file lacks")
    func contactMerge() throws {
        let stored = [ContactPerson(name: "นางสมศรี ใจดี", role: "ประธานกลุ่ม", email: "somsri@example.org", language: "en",
                                    channels: [.email]),
                      ContactPerson(name: "นายสมชาย", email: "somchai@example.org")]
        let file = [Numbered(row: 2, value: ContactPerson(name: "นางสมศรี ใจดี", email: "new@example.org", channels: [.email])),
                    Numbered(row: 3, value: ContactPerson(name: "นางใหม่", phone: "+66891234567", channels: [.sms]))]
        let present: Set<String> = ["contactName", "contactEmail"]
        let (merged, problems) = ContactMerge.merge(stored: stored, file: file, has: present.contains)
        #expect(problems.isEmpty)
        #expect(merged.map(\.name) == ["นางสมศรี ใจดี", "นายสมชาย", "นางใหม่"])
        #expect(merged[0].email == "new@example.org")
        #expect(merged[0].role == "ประธานกลุ่ม" && merged[0].language == "en")
    }
}
