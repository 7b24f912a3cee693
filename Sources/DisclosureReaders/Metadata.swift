import Foundation
import DisclosureRules

/// Title, agency, year and date of a published report.
struct Metadata {
    var title: String?
    var agency: String?
    var year: Int?
    var date: ReportDate?
    var dateSource: SourceRef?
    /// A date line that does not form a real date, verbatim.
    var invalidDate: String?
    var yearMentions: [YearMention] = []
    /// Where the agency's name was read, when a reader should know: both the title and the signature name an agency
    /// and the names differ (the fuller one is used), in Chinese.
    var agencyNote: String?

    static func extract(lines: [SourceLine], cores: [String], containerTitle: String?, containerDate: ReportDate?) -> Metadata {
        var m = Metadata()
        // Title: the container's title when it names a report, else an early line that does.
        var titleLine: Int?
        if let t = containerTitle.flatMap(titlePiece) {
            m.title = t
        }
        let early = (0..<min(lines.count, 60)).filter { lines[$0].kind == .free && !Norm.collapse(lines[$0].text).isEmpty }
        for (n, i) in early.enumerated() {
            let t = cleanTitle(Norm.collapse(lines[i].text))
            if isTitle(t) {
                titleLine = i
                // A title whose first words ended the line before ("某县自然资源" / "局2024年…", "某局20" / "24年…"):
                // read whole when this line alone names no agency or no year and the two together do.
                if n > 0, firstYear(in: t) == nil || agencyInTitle(t) == nil {
                    let p = Norm.collapse(lines[early[n - 1]].text)
                    let joined = cleanTitle(p + t)
                    if p.count <= 30, !p.has("："), !p.has(":"), !p.has("。"), !isTitle(p), isTitle(joined),
                       firstYear(in: joined) != nil, let a = agencyInTitle(joined), isAgencyName(a) {
                        titleLine = early[n - 1]
                        if m.title == nil || m.title == t { m.title = joined }
                        break
                    }
                }
                if m.title == nil { m.title = t }
                break
            }
            // A title broken over two lines (PDF extraction, two paragraphs): "2025 年某局政府信息公开" / "工作年度报告".
            if n + 1 < early.count, t.count <= 60, !t.has("。") {
                let next = Norm.collapse(lines[early[n + 1]].text)
                let joined = cleanTitle(t + next)
                // The first part carries the year, the second only the rest of the wording.
                if next.count <= 20, isTitle(joined), firstYear(in: t) != nil, firstYear(in: next) == nil {
                    titleLine = i
                    if m.title == nil { m.title = joined }
                    break
                }
            }
        }
        var titleYearSource: SourceRef? = titleLine.map { lines[$0].source }
        if let title = m.title, let (y, _) = firstYear(in: title) {
            m.yearMentions.append(YearMention(place: .title, year: y, source: titleYearSource))
            m.agency = agencyInTitle(title).flatMap { a in pageChrome.contains(where: { a.has($0) }) ? nil : a }
        } else { titleYearSource = nil }

        // Agency on its own line just above a title without one (e.g. "中卫市工业和信息化局" / "2020年…年度报告").
        if m.agency == nil, let t = titleLine {
            var j = t - 1
            while j >= 0, Norm.collapse(lines[j].text).isEmpty { j -= 1 }
            if j >= 0 { let a = nameLine(lines[j].text); if isAgencyName(a) { m.agency = a } }
        }

        // Statistics period: "统计期限自2020年1月1日起至2020年12月31日止".
        for (i, line) in lines.enumerated() where line.kind == .free && cores[i].has("统计") {
            let t = Norm.collapse(line.text).replacingOccurrences(of: " ", with: "")
            guard let r = t.range(of: "统计期") ?? t.range(of: "统计时") ?? t.range(of: "统计周期") ?? t.range(of: "统计截止") else { continue }
            let tail = String(t[r.upperBound...].prefix(60))
            let years = allYears(in: tail)
            if let y = years.last {
                m.yearMentions.append(YearMention(place: .statisticsPeriod, year: y, source: line.source))
                break
            }
        }

        // Years printed in the table headings (e.g. "三、2020年收到和处理政府信息公开申请情况").
        for (i, c) in cores.enumerated() where c.count <= 40 && lines[i].kind == .free {
            if (c.hasPrefix("二") && c.has("主动公开")) || (c.hasPrefix("三") && c.has("申请情况")) || (c.hasPrefix("四") && c.has("复议")) {
                if let (y, _) = firstYear(in: Norm.collapse(lines[i].text)) {
                    m.yearMentions.append(YearMention(place: .table, year: y, source: lines[i].source))
                }
            }
        }

        m.year = m.yearMentions.first(where: { $0.place == .title })?.year
            ?? m.yearMentions.first(where: { $0.place == .statisticsPeriod })?.year
            ?? m.yearMentions.first?.year

        // Date: the last line near the end that is only a date (signature), else a 发布日期/成文日期 line,
        // else the container's publication date.
        let nonEmpty = lines.indices.filter { !cores[$0].isEmpty }
        for i in nonEmpty.suffix(12).reversed() {
            let t = Norm.collapse(lines[i].text).replacingOccurrences(of: " ", with: "")
            if t.count <= 20, m.date == nil, m.invalidDate == nil, DateParsing.parse(t) == nil, DateParsing.looksLikeDate(t) {
                // "2021年2月30日": a date line that is no real date (rule D1 reports it).
                m.invalidDate = t; m.dateSource = lines[i].source
                continue
            }
            if t.count <= 20, let d = DateParsing.parse(t) {
                m.date = d; m.dateSource = lines[i].source
                // Signature: the agency's name just above the date. When the title names one too, the fuller name
                // is used and the output says which.
                if let k = nonEmpty.firstIndex(of: i), k > 0 {
                    let a = nameLine(lines[nonEmpty[k - 1]].text)
                    if isAgencyName(a) {
                        if let fromTitle = m.agency {
                            // The fuller of two names of the same body ("某市" / "某市人民政府办公室"); another body
                            // in the signature (a higher government) leaves the title's, said so.
                            if a != fromTitle {
                                if a.count > fromTitle.count && a.hasPrefix(fromTitle) {
                                    m.agency = a
                                    m.agencyNote = "取自落款；标题作“\(fromTitle)”"
                                } else {
                                    m.agencyNote = "取自标题；落款作“\(a)”"
                                }
                            }
                        } else {
                            m.agency = a
                        }
                    }
                }
                break
            }
        }
        if m.date == nil {
            for i in Array(lines.indices.prefix(80)) + Array(lines.indices.suffix(40)) where cores[i].has("日期") || cores[i].has("时间") {
                let line = lines[i]
                let t = Norm.collapse(line.text).replacingOccurrences(of: " ", with: "")
                for key in ["发布日期", "成文日期", "发布时间", "印发日期"] {
                    if let r = t.range(of: key) {
                        let tail = t[r.upperBound...].drop(while: { $0 == ":" || $0 == "：" })
                        if let d = DateParsing.parse(String(tail.prefix(20)), prefixOnly: true) { m.date = d; m.dateSource = line.source; break }
                    }
                }
                if m.date != nil { break }
            }
        }
        if m.date == nil, let d = containerDate { m.date = d }
        if m.agency == nil, let a = publisher(lines: lines) {
            m.agency = a
            m.agencyNote = "取自网页的发布机构"
        }
        if m.agency == nil, let (a, how) = agencyInPreface(lines: lines, cores: cores) {
            m.agency = a
            m.agencyNote = "报告无标题和落款，取自前言“\(how)”"
        }
        return m
    }

    /// The agency named in the preface that most reports open with, when neither a title nor a signature names it:
    /// "如对本报告有任何疑问，请与<机关>政府信息公开工作领导小组办公室联系", "本报告的电子版可在<机关>门户网站…下载"
    /// (PDF text breaks these sentences anywhere, so the lines before the first section heading are joined).
    /// Returns the name and the phrase it was read from.
    static func agencyInPreface(lines: [SourceLine], cores: [String]) -> (String, String)? {
        var text = ""
        for (i, line) in lines.prefix(60).enumerated() {
            if cores[i].hasPrefix("一") && cores[i].has("总体情况") { break }
            guard line.kind == .free else { continue }
            text += Norm.collapse(line.text).replacingOccurrences(of: " ", with: "")
        }
        let stops = ["政府信息公开", "政务公开", "信息公开", "办公室", "联系"]
        func name(after key: String, upTo ends: [String]) -> String? {
            guard let r = text.range(of: key) else { return nil }
            let tail = text[r.upperBound...].prefix(60)
            let cut = ends.compactMap { tail.range(of: $0)?.lowerBound }.min() ?? tail.endIndex
            var a = String(tail[..<cut])
            for suffix in ["党工委管委会", "管委会", "门户"] where a.hasSuffix(suffix) && a.count > suffix.count + 2 { a.removeLast(suffix.count) }
            guard isAgencyName(a), !a.has("本报告"), Norm.cjkCount(a) == a.count else { return nil }
            return a
        }
        if let a = name(after: "请与", upTo: stops) { return (a, "请与\(a)…联系") }
        if let a = name(after: "电子版可在", upTo: ["人民政府门户网站", "政府门户网站", "门户网站", "政府网站", "网站"] + stops) {
            return (a, "电子版可在\(a)…网站")
        }
        return nil
    }

    /// The piece of a container title that names the report ("… - 某某政府网" → "…").
    static func titlePiece(_ s: String) -> String? {
        let pieces = s.components(separatedBy: CharacterSet(charactersIn: "-_|—–")).map { cleanTitle(Norm.collapse($0)) }
        return pieces.first { $0.has("报告") || $0.has("年报") }
    }

    /// Prefixes that archive copies and portals put before a title ("标题：", "文章标题:").
    static let titlePrefixes = ["文章标题", "信息标题", "标题", "题名", "题目", "名称"]

    /// A title as read: an archive prefix removed, 《》 dropped, and the spaces PDF extraction leaves between a
    /// year's digits and 年/年度 closed ("2025 年" → "2025年").
    static func cleanTitle(_ raw: String) -> String {
        var t = raw.trimmingCharacters(in: .whitespaces)
        for p in titlePrefixes where t.hasPrefix(p) {
            let rest = t.dropFirst(p.count).drop(while: { $0 == " " })
            if let f = rest.first, f == ":" || f == "：" { t = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces); break }
        }
        t = t.replacingOccurrences(of: "《", with: "").replacingOccurrences(of: "》", with: "")
        t = t.replacingOccurrences(of: #"(\d{4})\s+年"#, with: "$1年", options: .regularExpression)
        t = t.replacingOccurrences(of: #"年\s+度"#, with: "年度", options: .regularExpression)
        return t
    }

    /// Whether a line is a report's title: about open government information, ending in one of the wordings agencies
    /// use (年度报告, 年度工作报告, 工作报告, 年报), short, not a sentence.
    static func isTitle(_ t: String) -> Bool {
        guard t.count <= 80, t.has("公开"), !t.has("。"), !t.has("，") else { return false }
        // Links and breadcrumbs of a portal page ("上一篇：…", "首页 > 政府信息公开 > 年报") are not the title.
        if t.has("：") || t.has(":") || t.has(">") || t.has("›") || t.has("»") { return false }
        let core = t.trimmingCharacters(in: CharacterSet(charactersIn: " （）()"))
        return t.has("年度报告") || t.has("年报") || core.hasSuffix("工作报告") || core.hasSuffix("情况报告")
            || (core.hasSuffix("的报告") && t.has("政府信息公开"))
    }

    /// The agency a title names: before the year ("某局2025年度政府信息公开工作报告"), or between the year and the
    /// subject ("2025年某局政府信息公开工作年度报告"). Nil when the title names none (the line above or the signature may).
    static func agencyInTitle(_ title: String) -> String? {
        guard let (_, range) = firstYear(in: title) else { return nil }
        let trim = CharacterSet(charactersIn: " 《“\"")
        func bare(_ s: String) -> String {
            var t = s.trimmingCharacters(in: trim)
            // "某局关于2025年度…情况的报告": 关于 is not part of the name (a name may end in 关: 海关).
            if t.hasSuffix("关于") { t.removeLast(2) }
            if t.hasPrefix("关于") { t.removeFirst(2) }
            return squeezeSpaces(t.trimmingCharacters(in: trim))
        }
        var before = bare(Norm.collapse(String(title[..<range.lowerBound])))
        // "某局政府信息公开工作2025年度报告": the name ends where the subject begins.
        for subject in ["政府信息公开", "政务公开", "信息公开"] {
            if let r = before.range(of: subject) { before = bare(String(before[..<r.lowerBound])); break }
        }
        if Norm.cjkCount(before) >= 2 { return before }
        // Year first: the words after 年/年度 up to the subject.
        var after = Substring(title[range.upperBound...]).drop(while: { $0 == " " })
        if after.hasPrefix("年") { after = after.dropFirst() }
        if after.hasPrefix("度") { after = after.dropFirst() }
        for subject in ["政府信息公开", "政务公开", "信息公开"] {
            if let r = after.range(of: subject) {
                let name = bare(Norm.collapse(String(after[..<r.lowerBound])))
                return Norm.cjkCount(name) >= 2 ? name : nil
            }
        }
        return nil
    }

    /// A name with the spaces PDF extraction puts between its characters removed ("某 市 民 政 局" → "某市民政局").
    static func squeezeSpaces(_ s: String) -> String {
        guard s.contains(" ") else { return s }
        let c = Array(s)
        var out = ""
        for (k, ch) in c.enumerated() {
            if ch == " ", k > 0, k + 1 < c.count, Norm.cjkCount(String(c[k - 1])) == 1 || c[k - 1] == "）",
               Norm.cjkCount(String(c[k + 1])) == 1 || c[k + 1] == "（" { continue }
            out.append(ch)
        }
        return out
    }

    /// A name as printed on a line of its own (signature, the line above the title): spaces between its characters
    /// closed, a seal mark ("（盖章）") removed.
    static func nameLine(_ raw: String) -> String {
        var a = squeezeSpaces(Norm.collapse(raw))
        for mark in ["（盖章）", "(盖章)", "（印章）", "（章）", "（公章）"] where a.hasSuffix(mark) {
            a = String(a.dropLast(mark.count)).trimmingCharacters(in: .whitespaces)
        }
        return a
    }

    /// Labels of the metadata that portals print around a report ("发布机构：某局").
    static let publisherKeys = ["发布机构", "发文机关", "发布机关", "发布单位", "发文单位", "信息来源", "来源单位", "所属机构"]

    /// The publisher named in a portal's metadata line near the top ("发布机构：某局  发布日期：…").
    static func publisher(lines: [SourceLine]) -> String? {
        for line in lines.prefix(40) {
            let t = Norm.collapse(line.text)
            for key in publisherKeys {
                guard let r = t.range(of: key) else { continue }
                let rest = t[r.upperBound...].drop { $0 == " " }
                guard let f = rest.first, f == ":" || f == "：" else { continue }
                let name = rest.dropFirst().drop { $0 == " " }.prefix { $0 != " " && $0 != "\t" && $0 != "|" && $0 != "｜" }
                let a = String(name)
                if isAgencyName(a) { return a }
            }
        }
        return nil
    }

    /// A short line naming an organ: CJK, no sentence punctuation, not a heading.
    /// Words of a portal page's controls and chrome ("打印本页", "关闭窗口"), never an agency's name.
    static let pageChrome = ["打印", "关闭", "窗口", "返回", "字号", "字体", "分享", "收藏", "浏览", "首页", "当前位置", "扫一扫",
                             "责任编辑", "点击", "下载", "附件", "阅读", "来源", "主办", "网站", "版权"]

    static func isAgencyName(_ s: String) -> Bool {
        guard s.count >= 3, s.count <= 40, Norm.cjkCount(s) >= 3 else { return false }
        if s.has("。") || s.has("，") || s.has("：") || s.has("年度报告") { return false }
        if pageChrome.contains(where: { s.has($0) }) { return false }
        // A name does not end in figures ("某局20", the rest of a year on the next line).
        if let l = s.last, l.isNumber { return false }
        if let f = s.first, "一二三四五六七八九十（(".contains(f) { return false }
        return !s.has("公开发布")
    }

    /// The first 19xx/20xx year followed by 年 (spaces allowed), and the range of its digits.
    static func firstYear(in s: String) -> (Int, Range<String.Index>)? {
        var i = s.startIndex
        while i < s.endIndex {
            if let r = yearAt(s, i) { return r }
            i = s.index(after: i)
        }
        return nil
    }

    static func allYears(in s: String) -> [Int] {
        var out: [Int] = []
        var i = s.startIndex
        while i < s.endIndex {
            if let (y, r) = yearAt(s, i) { out.append(y); i = r.upperBound; continue }
            i = s.index(after: i)
        }
        return out
    }

    /// Digits of a year written in Chinese ("二〇二五年").
    static let chineseDigits: [Character: Int] = ["〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    private static func yearAt(_ s: String, _ i: String.Index) -> (Int, Range<String.Index>)? {
        var j = i
        var digits = ""
        while j < s.endIndex, digits.count < 4, let d = s[j].wholeNumberValue, s[j].isASCII || s[j].unicodeScalars.first!.value >= 0xFF10 {
            digits.append(String(d)); j = s.index(after: j)
        }
        if digits.isEmpty {
            // "二〇二五年": four Chinese digits, not inside a longer run of them.
            if i > s.startIndex, chineseDigits[s[s.index(before: i)]] != nil { return nil }
            while j < s.endIndex, digits.count < 4, let d = chineseDigits[s[j]] { digits.append(String(d)); j = s.index(after: j) }
            guard digits.count == 4, digits.hasPrefix("19") || digits.hasPrefix("20") else { return nil }
        }
        guard digits.count == 4, let y = Int(digits), (1990...2100).contains(y) else { return nil }
        if i > s.startIndex, s[s.index(before: i)].isNumber { return nil }
        var k = j
        while k < s.endIndex, s[k] == " " { k = s.index(after: k) }
        guard k < s.endIndex, s[k] == "年" else { return nil }
        return (y, i..<j)
    }
}

/// Dates as printed in reports: "2020年1月26日", "2022-02-08", "2022.2.8", "2022/2/8", "二〇二二年一月二十六日".
enum DateParsing {
    /// Whether a short text has the shape of a Chinese date (年…月…日 with digits) even if it is not a real date.
    static func looksLikeDate(_ s: String) -> Bool {
        guard let y = s.firstIndex(of: "年"), let m = s.firstIndex(of: "月"), s.last == "日", y < m else { return false }
        return s.allSatisfy { $0.isNumber || "年月日〇零一二三四五六七八九十".contains($0) } && s[s.startIndex..<y].count == 4
    }

    /// Parses a date; with `prefixOnly` trailing text after the date is allowed.
    static func parse(_ raw: String, prefixOnly: Bool = false) -> ReportDate? {
        let s = raw.replacingOccurrences(of: " ", with: "")
        if let d = parseArabic(s, prefixOnly: prefixOnly) { return d }
        return parseChinese(s, prefixOnly: prefixOnly)
    }

    private static func asciiDigit(_ c: Character) -> Int? {
        guard let u = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return nil }
        if u.value >= 0x30 && u.value <= 0x39 { return Int(u.value - 0x30) }
        if u.value >= 0xFF10 && u.value <= 0xFF19 { return Int(u.value - 0xFF10) }
        return nil
    }

    private static func parseArabic(_ s: String, prefixOnly: Bool) -> ReportDate? {
        let chars = Array(s)
        var i = 0
        var nums: [Int] = [], seps: [Character] = []
        while i < chars.count && nums.count < 3 {
            var cur = 0, n = 0
            while i < chars.count, n < 5, let d = asciiDigit(chars[i]) { cur = cur * 10 + d; n += 1; i += 1 }
            guard n > 0 else { break }
            nums.append(cur)
            if i < chars.count, "年月日-./".contains(chars[i]) { seps.append(chars[i]); i += 1 } else { break }
        }
        guard nums.count == 3, seps.count >= 2 else { return nil }
        let chinese = seps[0] == "年" && seps[1] == "月"
        let symbolic = seps[0] == seps[1] && "-./".contains(seps[0])
        guard chinese || symbolic else { return nil }
        if chinese && seps.count == 2 { return nil } // "2020年1月26" without 日
        if !prefixOnly && i != chars.count { return nil }
        let d = ReportDate(nums[0], nums[1], nums[2])
        guard (1990...2100).contains(d.year), d.isValid else { return nil }
        return d
    }

    private static let digitMap: [Character: Int] = ["〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    private static func parseChinese(_ s: String, prefixOnly: Bool) -> ReportDate? {
        guard let y = s.firstIndex(of: "年"), let mo = s.firstIndex(of: "月"), let da = s.firstIndex(of: "日"), y < mo, mo < da else { return nil }
        if !prefixOnly && s.index(after: da) != s.endIndex { return nil }
        let ys = s[s.startIndex..<y]
        guard ys.count == 4 else { return nil }
        var year = 0
        for c in ys { guard let v = digitMap[c] else { return nil }; year = year * 10 + v }
        guard let month = chineseNumber(s[s.index(after: y)..<mo]), let day = chineseNumber(s[s.index(after: mo)..<da]) else { return nil }
        let d = ReportDate(year, month, day)
        return d.isValid && (1990...2100).contains(year) ? d : nil
    }

    private static func chineseNumber(_ s: Substring) -> Int? {
        if s.isEmpty { return nil }
        if s == "十" { return 10 }
        if let t = s.firstIndex(of: "十") {
            let tens = s[s.startIndex..<t].isEmpty ? 1 : digitMap[s[s.startIndex]]
            let rest = s[s.index(after: t)...]
            let ones = rest.isEmpty ? 0 : (rest.count == 1 ? digitMap[rest.first!] : nil)
            guard let tens, let ones else { return nil }
            return tens * 10 + ones
        }
        guard s.count == 1, let v = digitMap[s.first!] else { return nil }
        return v
    }
}
