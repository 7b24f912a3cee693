import Foundation
import DisclosureRules

/// Places the rows read from a table onto the format's rows (the template) by an order-preserving alignment:
/// dynamic programming over label similarity, with the template's order as the constraint. A row whose label is
/// cut, broken or missing still lands in the one template row that its neighbours and its words allow; where the
/// order and the words allow more than one, the row is reported ambiguous with its candidates, never guessed.
///
/// Used by table 三's reader for text copies of PDFs (labels cut at the column edge, carried on a line of their
/// own, missing from a row of numbers) — issue "audit reads reports as published", kind 4.
enum RowAlignment {
    /// What the alignment decided for one observed row.
    struct Placement: Equatable {
        /// The template row it was placed on, or nil when it was left out (an extra row, or an ambiguous one).
        var row: Int?
        /// The template rows equally good for it (more than one: ambiguous; the row is then left out).
        var candidates: [Int]
        /// How the row was placed: by its words (`label`), or only by the order (`order`: no label, or one that
        /// matches no template row).
        var by: Evidence
    }
    enum Evidence: Equatable { case label, order, none }

    /// Score of a row placed by the order alone (no label, or a label that fits no row): positive, so an unlabeled
    /// row fills a free template slot, but below any label match.
    static let orderOnly = 0.25
    /// Penalty for leaving an observed row out.
    static let skipPenalty = 1.0
    /// Smallest similarity that counts as a label match.
    static let threshold = 0.5

    /// Aligns observed rows to template rows.
    /// - Parameters:
    ///   - readings: per observed row, the ways its label can be read (its own label; with a fragment before or
    ///     after it); empty for a row of numbers without a label.
    ///   - template: the official labels in order.
    /// - Returns: one placement per observed row; every placed row has a distinct template row, in increasing order.
    static func align(readings: [[String]], template: [String]) -> [Placement] {
        align(readings: readings, template: Template(template))
    }

    /// The template's labels reduced once (the table 三 rows of each format are kept, see `Template.table3`).
    struct Template: Sendable {
        let labels: [Label]
        let exactIndex: [String: Int]
        init(_ template: [String]) {
            labels = template.map(Label.init)
            var e: [String: Int] = [:]
            for (j, l) in labels.enumerated() where e[l.core] == nil { e[l.core] = j }
            exactIndex = e
        }
        static let table3: [ReportFormat: Template] = Dictionary(uniqueKeysWithValues: ReportFormat.allCases.map {
            ($0, Template($0.table3Rows.map(\.label)))
        })
    }

    /// - Parameter exact: per observed row, the template row its label names exactly when the caller already knows
    ///   it (the label is then not compared again).
    static func align(readings: [[String]], template: Template, exact known: [Int?]? = nil) -> [Placement] {
        let m = readings.count, n = template.labels.count
        guard m > 0 else { return [] }
        let t = template.labels
        let exactIndex = template.exactIndex
        // score[i][j]: similarity of observed i to template j; nil when its label fits j not at all.
        var score = [[Double?]](repeating: [Double?](repeating: nil, count: n), count: m)
        var labelled = [Bool](repeating: false, count: m)
        for i in 0..<m {
            if let known, let j = known[i] {
                score[i][j] = 1.2; labelled[i] = true
                continue
            }
            let rs = readings[i].map(Label.init).filter { !$0.words.isEmpty || $0.marker != nil }
            var any = false
            // A label read whole names its row (under the same list number): no other row is considered for it.
            if let j = rs.lazy.compactMap({ r in exactIndex[r.core].flatMap { j in r.marker != nil && t[j].marker != nil && r.marker != t[j].marker ? nil : j } }).first {
                score[i][j] = similarity(rs.first { $0.core == t[j].core }!, t[j]); labelled[i] = true
                continue
            }
            for j in 0..<n {
                let s = rs.map { similarity($0, t[j]) }.max() ?? 0
                if s >= threshold { score[i][j] = s; any = true }
            }
            labelled[i] = any
            if !any { for j in 0..<n { score[i][j] = orderOnly } }
        }
        // Forward: f[i][j] best for observed 0..<i on template 0..<j. Backward: b[i][j] best for observed i..<m on j..<n.
        let minus = -Double.infinity
        var f = [[Double]](repeating: [Double](repeating: minus, count: n + 1), count: m + 1)
        var b = f
        for j in 0...n { f[0][j] = 0 }
        for i in 1...m {
            f[i][0] = f[i - 1][0] - skipPenalty
            for j in 1...n {
                var v = max(f[i][j - 1], f[i - 1][j] - skipPenalty)
                if let s = score[i - 1][j - 1] { v = max(v, f[i - 1][j - 1] + s) }
                f[i][j] = v
            }
        }
        for j in 0...n { b[m][j] = 0 }
        for i in stride(from: m - 1, through: 0, by: -1) {
            b[i][n] = b[i + 1][n] - skipPenalty
            for j in stride(from: n - 1, through: 0, by: -1) {
                var v = max(b[i][j + 1], b[i + 1][j] - skipPenalty)
                if let s = score[i][j] { v = max(v, b[i + 1][j + 1] + s) }
                b[i][j] = v
            }
        }
        let best = f[m][n]
        let eps = 1e-9
        var out: [Placement] = []
        for i in 0..<m {
            // Every template row on which some optimal alignment places observed i.
            var cands: [Int] = []
            for j in 0..<n {
                guard let s = score[i][j] else { continue }
                if f[i][j] + s + b[i + 1][j + 1] >= best - eps { cands.append(j) }
            }
            // Whether some optimal alignment leaves it out.
            var skippable = false
            for j in 0...n where f[i][j] - skipPenalty + b[i + 1][j] >= best - eps { skippable = true; break }
            if cands.count == 1 && !skippable {
                out.append(Placement(row: cands[0], candidates: cands, by: labelled[i] ? .label : .order))
            } else {
                out.append(Placement(row: nil, candidates: cands, by: cands.isEmpty ? .none : (labelled[i] ? .label : .order)))
            }
        }
        // Ambiguous rows are left out; the others keep an increasing order (each is unique to every optimum, so
        // together they are one optimal alignment's rows).
        return out
    }

    /// Whether a printed label carries a list number ("2.") other than the official row's ("3.其他").
    static func markersDiffer(_ printed: String, _ official: Label) -> Bool {
        guard let om = official.marker, printed.unicodeScalars.contains(where: { $0.value >= 0x30 && $0.value <= 0x39 }) else { return false }
        guard let pm = Label(printed).marker else { return false }
        return pm != om
    }

    /// A label reduced to what is compared: its words (punctuation, spaces and list markers removed) as scalars,
    /// and the number of its list marker ("3." → 3; "（六）1." → 1), when it has one.
    struct Label: Sendable {
        let words: [Unicode.Scalar]
        let marker: Int?
        let core: String
        init(_ s: String) {
            let c = Norm.core(s)
            core = Norm.stripMarker(c)
            words = Array(core.unicodeScalars)
            // The list marker: ASCII digits after any Chinese numerals at the start ("六1…" → 1), else a numeral alone.
            let afterNumerals = c.drop { "一二三四五六七八九十".contains($0) }
            let digits = afterNumerals.prefix { $0.isASCII && $0.isNumber }
            marker = digits.isEmpty ? nil : Int(digits)
        }
    }

    /// How well a printed label fits an official one, 0…~1.35: the share of the printed words found in order in the
    /// official label (longest common subsequence; at least 75%), 1.2 for the label read whole; a match of the list
    /// marker ("3.") adds a little, a different marker takes some away. 0 when fewer than two characters match, and
    /// for a fragment under four characters that is not the whole label.
    static func similarity(_ printed: String, _ official: String) -> Double {
        similarity(Label(printed), Label(official))
    }

    static func similarity(_ p: Label, _ t: Label) -> Double {
        var markerAdjust = 0.0
        if let a = p.marker, let b = t.marker { markerAdjust = a == b ? 0.15 : -0.3 }
        if p.words.isEmpty { return p.marker != nil && p.marker == t.marker ? threshold : 0 }
        // The same words under another list number ("2.其他" / "3.其他") are another row's.
        if p.core == t.core { return markerAdjust < 0 ? 0 : 1.0 + 0.2 + markerAdjust }
        // A short fragment ("其他", "总计") fits too many labels by its characters alone: only read whole it counts.
        guard p.words.count >= 4 else { return 0 }
        let l = lcs(p.words, t.words)
        guard l >= 2 else { return 0 }
        let coverage = Double(l) / Double(p.words.count)
        guard coverage >= 0.75 else { return 0 }
        // How much of the official label is covered does not count: a label cut short fits every row it begins
        // alike, and only the order (or its list marker) may tell them apart.
        return coverage + markerAdjust
    }

    /// Length of the longest common subsequence (two rows of the table only).
    static func lcs(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var prev = [Int](repeating: 0, count: b.count + 1), cur = prev
        for x in a {
            for (k, y) in b.enumerated() {
                cur[k + 1] = x == y ? prev[k] + 1 : max(prev[k + 1], cur[k])
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
