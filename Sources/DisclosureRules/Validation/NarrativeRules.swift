import Foundation

/// N1 (warning, both formats): a figure that the report's text states about applications or appeals — "全年共收到
/// 政府信息公开申请70件", "办结69件", "1件结转下年度继续办理", "上年结转3件", "行政复议3起", "行政诉讼12件", "未发生
/// 行政复议" — differs from the same figure in tables 三 and 四 of the same report. A report contradicting itself is
/// the commonest error of hand-made reports that the tables' own arithmetic (R1, I1–I3) cannot see.
///
/// How a statement is recognised (deterministic, no guessing beyond this list; a sentence that fits none is not read):
/// the text is cut into sentences (。；！？, and line breaks after them — a wrapped line continues its sentence) and clauses (，、：); a clause states
/// - **received** (表三 一、本年新收 总计) when it has 收到 / 受理 / 新收 / 接收 / 接到 / 登记 and 申请 in its sentence, then a
///   count of 件 / 份 / 条 / 个 — also accepted when it equals 本年新收 ＋ 上年结转 (many reports count both as 受理);
/// - **decided** (表三 三（七）总计) with 办结 (or 办理完毕 / 答复) and 申请 in its sentence;
/// - **carried over** (表三 四、结转下年度继续办理 总计) with 结转 and 下年 / 下一年 / 次年;
/// - **carried in** (表三 二、上年结转 总计) with 上年 / 上一年 / 去年 and 结转;
/// - **administrative reconsideration** (表四 行政复议 总计) with 行政复议 (not 诉讼) and a count of 件 / 起 / 宗 / 次, or
///   未发生 / 没有 / 无 … 行政复议 for 0;
/// - **administrative litigation** (表四 未经复议直接起诉 总计 ＋ 复议后起诉 总计) likewise with 行政诉讼 (not 复议).
/// Clauses about other channels (信箱, 热线, 来信, 来访, 建议, 提案, 咨询, 留言, 依申请公开以外) are not read, nor
/// counts of a part (其中, 占, 同比, 较上年, 增长, 下降, 比). Numbers: Arabic, full-width or Chinese numerals (七十, 两).
///
/// A statement is compared only with a table figure that was read as a count; a blank or unreadable cell is left to
/// S2 / I4. Source: the report's own tables (the formats ask the text and the tables to describe the same year's work:
/// 国办公开办函〔2019〕60号, 〔2021〕30号 "数据精确、文字严谨"); Gongkai's rule, not an official cross-check.
enum NarrativeRules {
    /// A figure the text can state, with its table value(s) accepted.
    enum Claim: CaseIterable {
        case received, decided, carriedOver, carriedIn, reconsideration, litigation

        var what: String {
            switch self {
            case .received: "本年新收政府信息公开申请数量"
            case .decided: "本年度办理结果总计"
            case .carriedOver: "结转下年度继续办理"
            case .carriedIn: "上年结转政府信息公开申请数量"
            case .reconsideration: "行政复议总计"
            case .litigation: "行政诉讼总计（未经复议直接起诉与复议后起诉之和）"
            }
        }
        var table: String { self == .reconsideration || self == .litigation ? "表四" : "表三" }
    }

    static func n1(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        var out: [Finding] = []
        var seen = Set<String>()
        for s in r.sections where s.present && !s.text.isEmpty {
            for (sentence, clause, claim, value) in statements(s.text) {
                guard let accepted = accepted(claim, r), !accepted.isEmpty, !accepted.contains(value) else { continue }
                let key = "\(claim)|\(value)"
                guard seen.insert(key).inserted else { continue }
                let table = accepted[0]
                out.append(Finding(rule: .N1, severity: .warning, table: "正文", row: s.heading, column: claim.what,
                                   message: "正文“\(excerpt(sentence, around: clause))”称\(value)，\(claim.table)“\(claim.what)”为\(table)",
                                   source: s.source))
            }
        }
        return out
    }

    /// The table values a statement may equal (the first is the one named in the message); nil when not readable.
    static func accepted(_ claim: Claim, _ r: AnnualReport) -> [Int]? {
        func t3(_ id: String) -> Int? {
            guard r.table3Present, let row = r.table3Row(id), row.present, row.cells.count > 6 else { return nil }
            return TableRules.count(row.cells[6])
        }
        func t4(_ i: Int) -> Int? {
            guard r.table4Present, r.table4.cells.count > i else { return nil }
            return TableRules.count(r.table4.cells[i])
        }
        switch claim {
        case .received:
            guard let n = t3("new") else { return nil }
            return t3("carriedIn").map { [n, n + $0] } ?? [n]
        case .decided: return t3("total").map { [$0] }
        case .carriedOver: return t3("carriedOver").map { [$0] }
        case .carriedIn: return t3("carriedIn").map { [$0] }
        case .reconsideration: return t4(4).map { [$0] }
        case .litigation:
            guard let a = t4(9), let b = t4(14) else { return nil }
            return [a + b]
        }
    }

    static let countRegex = try! NSRegularExpression(pattern: #"([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)\s*(?:件|份|条|个|起|宗|次)"#)
    static let excluded = ["信箱", "热线", "来信", "来访", "建议", "提案", "咨询", "留言", "依申请公开以外", "12345"]
    static let partial = ["其中", "占", "同比", "较上年", "较去年", "增长", "下降", "增加", "减少", "比"]

    /// Every statement of the text: (sentence, clause, claim, value).
    static func statements(_ text: String) -> [(String, String, Claim, Int)] {
        var out: [(String, String, Claim, Int)] = []
        // The sentences as the year-over-year comparison cuts them (a wrapped PDF line continues its sentence).
        for sentence in YearComparison.sentences(text) {
            let aboutApplications = sentence.contains("申请")
            for clause in sentence.split(whereSeparator: { "，,、：:".contains($0) }).map(String.init) {
                if excluded.contains(where: clause.contains) { continue }
                let appeal = clause.contains("复议") || clause.contains("诉讼")
                let numbers = countRegex.matches(in: clause, range: NSRange(clause.startIndex..., in: clause)).compactMap { m -> Int? in
                    Range(m.range(at: 1), in: clause).flatMap { number(String(clause[$0])) }
                }
                // Reconsideration and litigation: one of the two named, with its count or "none".
                if clause.contains("行政复议") != clause.contains("行政诉讼") {
                    let claim: Claim = clause.contains("行政复议") ? .reconsideration : .litigation
                    if numbers.count == 1, !partial.contains(where: clause.contains) { out.append((sentence, clause, claim, numbers[0])) }
                    else if numbers.isEmpty, !clause.contains("纠错"),
                            ["未发生", "没有发生", "未收到", "没有收到", "未出现", "没有"].contains(where: clause.contains) || clause.hasPrefix("无") {
                        out.append((sentence, clause, claim, 0))
                    }
                    continue
                }
                guard !appeal, numbers.count == 1, !partial.contains(where: clause.contains) else { continue }
                let n = numbers[0]
                if clause.contains("结转") {
                    if ["下年", "下一年", "次年", "下个年度"].contains(where: clause.contains) { out.append((sentence, clause, .carriedOver, n)) }
                    else if ["上年", "上一年", "去年", "上个年度"].contains(where: clause.contains) { out.append((sentence, clause, .carriedIn, n)) }
                    continue
                }
                guard aboutApplications else { continue }
                if ["办结", "办理完毕", "已答复", "予以答复", "作出答复"].contains(where: clause.contains) {
                    out.append((sentence, clause, .decided, n))
                } else if ["收到", "受理", "新收", "接收", "接到", "登记"].contains(where: clause.contains) {
                    out.append((sentence, clause, .received, n))
                }
            }
        }
        return out
    }

    /// The clause with a little of its sentence around it (at most about 60 characters).
    static func excerpt(_ sentence: String, around clause: String) -> String {
        let s = sentence.trimmingCharacters(in: .whitespaces)
        guard s.count > 60 else { return s }
        return clause.count > 60 ? String(clause.prefix(60)) + "…" : clause
    }

    /// 70, ７０, 七十, 两, 一百零五, 一千二百 → the number; nil when not one.
    static func number(_ text: String) -> Int? {
        let ascii = String(text.unicodeScalars.map { u -> Character in
            (0xFF10...0xFF19).contains(u.value) ? Character(UnicodeScalar(u.value - 0xFF10 + 0x30)!) : Character(u)
        })
        if let n = Int(ascii) { return n }
        let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]
        var total = 0, current = 0, sawAny = false
        for c in text {
            if let d = digits[c] { current = d; sawAny = true }
            else if let u = units[c] {
                total += (current == 0 && u == 10 ? 1 : current) * u
                current = 0; sawAny = true
            } else { return nil }
        }
        return sawAny ? total + current : nil
    }
}
