@testable import DisclosureStore
import DisclosureRules
import Foundation
import Testing

/// Table 二 figures as people type them: with a Chinese input method digits often come full-width (１５), and the
/// ideographic space surrounds them; they are the same figures. Letters, a minus on a count, a fraction of a count stay
/// refused, naming the cell.
@Suite struct Table2InputTests {
    @Test func fullWidthFiguresAreFigures() throws {
        #expect(try Store.checkTable2Value("１５", row: "规章", column: "本年制发件数") == "15")
        #expect(try Store.checkTable2Value("\u{3000}１２\u{3000}", row: "规章", column: "本年制发件数") == "12")
        #expect(try Store.checkTable2Value("３．５", row: "行政事业性收费", column: "本年收费金额（单位：万元）") == "3.5")
        #expect(try Store.checkTable2Value("－３", row: "行政许可", column: "本年增/减") == "-3")
        for bad in ["abc", "-3", "１．５", "1 5", "１５件"] {
            #expect(throws: InputError.self, "\(bad)") { try Store.checkTable2Value(bad, row: "规章", column: "本年制发件数") }
        }
        do { _ = try Store.checkTable2Value("１５ａ", row: "规章", column: "本年制发件数") } catch let e as InputError {
            #expect(e.description.contains("表二“规章”“本年制发件数”") && e.description.contains("“１５ａ”不是数值"))
        }
    }
}
