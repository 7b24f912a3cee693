@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// The pages in two languages: zh-CN by default, English by the `lang` cookie or `?lang=en`. Every text of a template
/// goes through the catalogues (Site/i18n/zh-CN.json, en.json), every key used exists in both and every key is used;
/// every page of every role renders in English without a raw key; dates follow the language.
@Suite("Language") struct LanguageTests {
    static let webSources: URL = {
        var u = URL(fileURLWithPath: #filePath)
        while u.lastPathComponent != "Tests" { u.deleteLastPathComponent() }
        return u.deletingLastPathComponent().appendingPathComponent("Sources/DisclosureWeb")
    }()

    static func catalogue(_ name: String) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(contentsOf: webSources.appendingPathComponent("Site/i18n/\(name).json")))
    }

    static func files(_ dir: String, _ ext: String) throws -> [(String, String)] {
        let d = webSources.appendingPathComponent(dir)
        return try FileManager.default.contentsOfDirectory(atPath: d.path).filter { $0.hasSuffix(ext) }.sorted().map {
            ($0, try String(contentsOf: d.appendingPathComponent($0), encoding: .utf8))
        }
    }

    static func matches(_ pattern: String, _ text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            Range(m.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// Placeholder names of a text (`{name}` or `{name:date}`), as a set.
    static func placeholders(_ t: String) -> Set<String> { Set(matches(#"\{([A-Za-z0-9_]+)(?::date)?\}"#, t)) }

    @Test func everyKeyUsedExistsInBothCataloguesAndEveryKeyIsUsed() throws {
        let zh = try Self.catalogue("zh-CN"), en = try Self.catalogue("en")
        #expect(Set(zh.keys) == Set(en.keys), "keys only in zh-CN: \(Set(zh.keys).subtracting(en.keys).sorted()); only in en: \(Set(en.keys).subtracting(zh.keys).sorted())")
        for (k, z) in zh {
            #expect(Self.placeholders(z) == Self.placeholders(en[k] ?? ""), "placeholders of \(k) differ between the catalogues")
            #expect(!z.isEmpty, "\(k) is empty in zh-CN")
        }
        // Keys named literally: #t("…") in templates, t("…") and any literal equal to a key in Swift; families
        // translated by value (#tv / tv); keys built from a prefix (t("outcome.\(…)")).
        var literal = Set<String>(), families = Set<String>(), prefixes = Set<String>()
        for (_, text) in try Self.files("Site/Views", ".leaf") {
            literal.formUnion(Self.matches(#"#t\("([^"]+)""#, text))
            families.formUnion(Self.matches(#"#tv\("([^"]+)""#, text))
        }
        var swiftLiterals = Set<String>()
        for (_, source) in try Self.files("", ".swift") {
            // Code only: a doc comment's example is no use of a key.
            let text = source.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            literal.formUnion(Self.matches(#"\bt\("([^"\\]+)""#, text))
            families.formUnion(Self.matches(#"\btv\("([^"]+)""#, text))
            prefixes.formUnion(Self.matches(#""([A-Za-z][A-Za-z0-9.-]*\.)\\\("#, text))
            swiftLiterals.formUnion(Self.matches(#""([A-Za-z][A-Za-z0-9.-]*)""#, text))
        }
        #expect(!literal.isEmpty && !families.isEmpty && prefixes.contains("outcome."))
        let missing = literal.filter { zh[$0] == nil || en[$0] == nil }
        #expect(missing.isEmpty, "keys used but missing from a catalogue: \(missing.sorted())")
        let unused = zh.keys.filter { k in
            !literal.contains(k) && !swiftLiterals.contains(k) && !prefixes.contains { k.hasPrefix($0) }
                && !families.contains(String(k.prefix { $0 != "." }))
        }
        #expect(unused.isEmpty, "keys nobody uses: \(unused.sorted())")
        // The families translated by value are the labels the service gives: the zh-CN text of each key is the label
        // of that code (so a zh-CN page is unchanged), and every code has its English text.
        func family(_ name: String, _ labels: [(String, String)]) {
            for (code, label) in labels {
                #expect(zh["\(name).\(code)"] == label, "\(name).\(code): zh-CN \(zh["\(name).\(code)"] ?? "missing"), label \(label)")
                #expect(en["\(name).\(code)"].map { !$0.isEmpty && $0 != label } == true, "\(name).\(code) has no English text")
            }
        }
        family("kind", ApplicantKind.allCases.map { ($0.rawValue, $0.label) })
        family("idType", IdentityDocumentKind.allCases.map { ($0.rawValue, $0.chinese) })
        family("form", ProvisionForm.allCases.map { ($0.rawValue, $0.chinese) })
        family("delivery", DeliveryMethod.allCases.map { ($0.rawValue, $0.chinese) })
        family("channel", SubmissionChannel.allCases.map { ($0.rawValue, $0.chinese) })
        family("state", ApplicationState.allCases.map { ($0.rawValue, $0.label) })
        family("role", StaffRole.allCases.map { ($0.rawValue, $0.label) })
        family("outcome", Outcome.allCases.map { ($0.rawValue, $0.label) })
        family("action", ApplicationAction.allCases.map { ($0.rawValue, $0.label) })
        family("appealKind", AppealKind.allCases.map { ($0.rawValue, $0.label) })
        family("appealResult", AppealResult.allCases.map { ($0.rawValue, $0.label) })
        family("consultation", ConsultationKind.allCases.map { ($0.rawValue, $0.chinese) })
        family("letter", LetterKind.allCases.map { ($0.rawValue, $0.title) })
        family("event", EventLabels.labels.map { ($0.key, $0.value) })
        family("auditKind", Service.auditKinds.map { ($0.code, $0.label) })
        // The placeholders' meanings (the template editor) each have a key of the family and an English text.
        for m in LetterTemplate.placeholderMeanings {
            let key = ValueFamilies.reverse["placeholder"]?[m.meaning]
            #expect(key != nil && en[key ?? ""].map { !$0.isEmpty && $0 != m.meaning } == true, "placeholder {{\(m.name)}} has no English meaning")
        }
        // Within a family a Chinese text names one key (the reverse lookup is unambiguous).
        for f in ValueFamilies.names {
            let texts = zh.filter { $0.key.hasPrefix(f + ".") }.map(\.value)
            #expect(Set(texts).count == texts.count, "family \(f) has one Chinese text under two keys")
        }
    }

    @Test func noTemplateTextOutsideTheCatalogue() throws {
        let han = try NSRegularExpression(pattern: #"\p{Han}"#)
        var checked = 0
        for (name, text) in try Self.files("Site/Views", ".leaf") {
            checked += 1
            // Catalogue calls' first argument is a key (never Han); remove them, then no Han character may remain.
            let stripped = text.replacingOccurrences(of: #"#tv?\("[^"]*""#, with: "", options: .regularExpression)
            for (i, line) in stripped.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let l = String(line)
                #expect(han.firstMatch(in: l, range: NSRange(l.startIndex..., in: l)) == nil, "\(name):\(i + 1) has text outside the catalogue: \(l)")
            }
        }
        #expect(checked == templates.count, "every template of the platform is scanned")
    }

    /// Visible problems of an English page: a missing-key marker, or a text that looks like a catalogue key.
    static func rawKeys(_ html: String, namespaces: Set<String>) -> [String] {
        var found: [String] = html.contains("⟦") ? ["⟦…⟧ marker"] : []
        let re = try! NSRegularExpression(pattern: #"(?<![\w/.@-])([a-z][A-Za-z]*)\.([A-Za-z][\w.-]*)"#)
        for m in re.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let ns = Range(m.range(at: 1), in: html).map({ String(html[$0]) }), namespaces.contains(ns),
                  let all = Range(m.range, in: html) else { continue }
            found.append(String(html[all]))
        }
        return found
    }

    @Test func everyPageOfEveryRoleRendersInEnglishWithoutARawKey() async throws {
        let zh = try Self.catalogue("zh-CN")
        let namespaces = Set(zh.keys.map { String($0.prefix { $0 != "." }) })
        let pages = AccessMatrixTests.routes.filter { $0.method == .GET && !$0.api && !$0.path.contains("download") }
        try await withPlatform { app, service in
            let code = try await receiveAt(service, Fixture.agencyA, on: workingDays(3, before: todayInChina()))
            var crawled = 0
            for (i, person) in AccessMatrixTests.people.enumerated() {
                let en = Browser(app), cn = Browser(app)
                if let person { try await en.login(person); try await cn.login(person) }
                en.cookies["lang"] = "en"
                for route in pages where route.expected[i] == .allowed {
                    let path = route.path.replacingOccurrences(of: "{A}", with: code)
                    let res = try await en.get(path)
                    let who = person ?? "anonymous"
                    #expect(res.status == .ok, "\(route.name) as \(who) in English: \(res.status)")
                    #expect(res.text.contains(#"<html lang="en">"#), "\(route.name) as \(who): <html lang> is not en")
                    #expect(Self.rawKeys(res.text, namespaces: namespaces).isEmpty,
                            "\(route.name) as \(who) shows raw keys: \(Self.rawKeys(res.text, namespaces: namespaces))")
                    // The same page in zh-CN (no cookie) is Chinese and marked so.
                    let c = try await cn.get(path)
                    #expect(c.status == .ok && c.text.contains(#"<html lang="zh-CN">"#), "\(route.name) as \(who) in zh-CN")
                    #expect(Self.rawKeys(c.text, namespaces: namespaces).isEmpty, "\(route.name) as \(who) in zh-CN shows raw keys")
                    crawled += 1
                }
            }
            // 4 portal pages × 7 people, and the staff pages of each role the access matrix allows.
            #expect(crawled >= 28 + 20, "pages crawled: \(crawled)")

            // Spot checks of meaning: the nav and the form in both languages.
            let anon = Browser(app)
            let apply = try await anon.get("/apply")
            #expect(apply.text.contains(">在线申请</a>") && apply.text.contains("申请政府信息公开") && apply.text.contains("提交申请"))
            let applyEn = try await anon.get("/apply?lang=en")
            #expect(applyEn.text.contains(">Apply online</a>") && applyEn.text.contains("Apply for government information")
                    && applyEn.text.contains("Submit the application") && applyEn.text.contains(">Natural person</option>"))
            #expect(!applyEn.text.contains("提交申请"))
            // ?lang=en set the cookie: the next page is English without the parameter.
            #expect(anon.cookies["lang"] == "en")
            #expect(try await anon.get("/").text.contains("Open government information"))
            let staff = Browser(app)
            try await staff.login("head-a")
            let q = try await staff.get("/staff/queue")
            #expect(q.text.contains(">申请办理</a>") && q.text.contains("剩余工作日"))
            staff.cookies["lang"] = "en"
            let qe = try await staff.get("/staff/queue")
            #expect(qe.text.contains(">Applications</a>") && qe.text.contains("Working days left") && qe.text.contains(">In progress</span>"))
        }
    }

    @Test func theSwitchLinkReturnsToTheSamePage() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            let page = try await b.get("/status?code=ABC")
            // The header links to the other language with this page (query included) to come back to.
            let back = "/status?code=ABC".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(page.text.contains(#"href="/lang/en?back=\#(back)""#))
            let sw = try await b.get("/lang/en?back=\(back)")
            #expect(sw.status == .seeOther && sw.headers.first(name: .location) == "/status?code=ABC")
            #expect(b.cookies["lang"] == "en")
            // Only a local path is a way back.
            let away = try await b.get("/lang/zh-CN?back=" + "//evil.example/".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(away.headers.first(name: .location) == "/" && b.cookies["lang"] == "zh-CN")
        }
    }

    @Test func datesAndErrorsFollowTheLanguage() async throws {
        try await withPlatform { app, service in
            // An application received three working days ago: its date of receipt in each language, written out here.
            let received = workingDays(3, before: todayInChina())
            let code = try await receiveAt(service, Fixture.agencyA, on: received)
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            let b = Browser(app)
            let zhPage = try await b.get("/status?code=\(code)")
            #expect(zhPage.text.contains("收到申请之日</dt><dd>\(received.year)年\(received.month)月\(received.day)日</dd>"))
            let enPage = try await b.get("/status?code=\(code)&lang=en")
            #expect(enPage.text.contains("Date of receipt</dt><dd>\(received.day) \(months[received.month - 1]) \(received.year)</dd>"))
            #expect(enPage.text.contains(">In progress</span>") && enPage.text.contains("Application received"))
            #expect(!enPage.text.contains("年\(received.month)月"))
            // The official example of the brief: 27 September 2024.
            #expect(formatDate("2024-09-27", .zh) == "2024年9月27日" && formatDate("2024-09-27", .en) == "27 Sep 2024")

            // The application form's field errors in English (by field), a CSRF refusal and a missing page.
            var form = validForm()
            form.removeAll { $0.0 == "phone" || $0.0 == "email" || $0.0 == "address" }
            form.append(("phone", "")); form.append(("email", "")); form.append(("address", ""))
            let bad = try await b.post("/apply", form.map { $0.0 == "deliveryMethod" ? ($0.0, "collect") : $0 })
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Give at least one way to contact the applicant"), "contact error in English")
            #expect(bad.text.contains("The application has 1 field(s) to correct"))
            let csrf = try await b.post("/apply", validForm(), csrf: false)
            #expect(csrf.status == .forbidden && csrf.text.contains("no valid CSRF token"))
            let missing = try await b.get("/no-such-page")
            #expect(missing.status == .notFound && missing.text.contains("Page not found.") && missing.text.contains(#"<html lang="en">"#))
            b.cookies["lang"] = "zh-CN"
            #expect(try await b.get("/no-such-page").text.contains("页面不存在"))
        }
    }

    @Test func legalBasesInEnglish() {
        let r = "《中华人民共和国政府信息公开条例》"
        // Written out from the articles' numbers (三十六 = 36, 第（二）项 = item 2 …), not from the code.
        #expect(localizeLegalBasis(r + "第三十六条第（二）项", .en) == "Article 36, item (2) of the Regulations on Open Government Information")
        #expect(localizeLegalBasis(r + "第十五条、第三十二条", .en) == "Article 15 and Article 32 of the Regulations on Open Government Information")
        #expect(localizeLegalBasis(r + "第三十六条第（四）项、第（五）项", .en)
                == "Article 36, item (4) and item (5) of the Regulations on Open Government Information")
        #expect(localizeLegalBasis(r + "第三十三条第二款", .en) == "Article 33, paragraph 2 of the Regulations on Open Government Information")
        #expect(localizeLegalBasis(r + "第十条", .en) == "Article 10 of the Regulations on Open Government Information")
        #expect(localizeLegalBasis(r + "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", .en)
                == "Article 42 of the Regulations on Open Government Information and the Measures on Fees for Processing Open Government Information (Guobanhan [2020] No. 109)")
        #expect(localizeLegalBasis(r, .en) == "the Regulations on Open Government Information")
        // Unchanged: in zh-CN, and anything not recognised (never half translated).
        #expect(localizeLegalBasis(r + "第三十六条第（二）项", .zh) == r + "第三十六条第（二）项")
        #expect(localizeLegalBasis("《中华人民共和国保守国家秘密法》第九条", .en) == "《中华人民共和国保守国家秘密法》第九条")
        #expect(localizeLegalBasis(r + "第三十六条之一", .en) == r + "第三十六条之一")
        // Every basis a letter or a decision cites reads in English without a Chinese character.
        let han = try! NSRegularExpression(pattern: #"\p{Han}"#)
        for basis in Outcome.allCases.map(\.legalBasis) + LetterKind.allCases.map(\.legalBasis) {
            let e = localizeLegalBasis(basis, .en)
            #expect(han.firstMatch(in: e, range: NSRange(e.startIndex..., in: e)) == nil, "\(basis) → \(e)")
        }
        #expect(localizeChineseDate("2024年9月27日", .en) == "27 Sep 2024" && localizeChineseDate("2024年9月27日", .zh) == "2024年9月27日")
        #expect(localizeChineseDate("张*", .en) == "张*")
    }

    /// The administration pages and the letter preview in English: the page chrome translated, the letter itself and
    /// names people entered left as they are; the same actions posted.
    @Test func administrationAndTheLetterPreviewInEnglish() async throws {
        try await withPlatform { app, service in
            // Received Friday 2024-09-27, due Wednesday 2024-10-30; a day off on Tuesday 2024-10-15 moves it to Thursday
            // 2024-10-31 (see AdministrationTests).
            let code = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(iso: "2024-09-27")!)
            let namespaces = Set(try Self.catalogue("zh-CN").keys.map { String($0.prefix { $0 != "." }) })
            let admin = Browser(app)
            try await admin.login("admin")
            admin.cookies["lang"] = "en"
            let home = try await admin.get("/staff/admin")
            #expect(home.text.contains(">Audit log of administrative changes</a>") && home.text.contains(">Letter templates</a>"))
            let preview = try await admin.post("/staff/admin/calendar/day-off/preview", [("date", "2024-10-15"), ("name", "本地停电闭馆")])
            #expect(preview.status == .ok && preview.text.contains("<h1>Preview of a calendar change</h1>"))
            #expect(preview.text.contains("<h2>Add a day off: Tuesday 15 Oct 2024, 本地停电闭馆</h2>"))
            let row = try #require(preview.text.firstMatch(of: /<tr><td data-label="Query code">.*?<\/tr>/))
            #expect(row.0.contains("30 Oct 2024") && row.0.contains("<strong>31 Oct 2024</strong>") && row.0.contains("1 working day(s) later"))
            #expect(preview.text.contains("The due dates of 1 application(s) would change.") && preview.text.contains(">Confirm the change</button>"))
            // The confirm form posts the same values, whatever the language.
            #expect(preview.text.contains("name=\"date\" value=\"2024-10-15\""))
            #expect(Self.rawKeys(preview.text, namespaces: namespaces).isEmpty)
            let confirmed = try await admin.post("/staff/admin/calendar/day-off", [("date", "2024-10-15"), ("name", "本地停电闭馆")])
            #expect(confirmed.text.contains("Day off 15 Oct 2024 added; the due dates of 1 open applications were recomputed"))
            #expect(try await service.store.requireApplication(code: code).dueDate == "2024-10-31")

            let audit = try await admin.get("/staff/admin/audit")
            #expect(audit.text.contains("<h1>Audit log of administrative changes</h1>") && audit.text.contains(">Working-day calendar changed</option>"))
            #expect(audit.text.contains(#"<td data-label="Change">Working-day calendar changed</td>"#))
            #expect(audit.text.contains("1 entries · page 1 of 1") || audit.text.contains(" entries · page 1 of 1"))
            #expect(!audit.text.contains("修改工作日日历") && !audit.text.contains("管理操作日志"))

            // The head of A: the template editor in English, the wording itself Chinese.
            let head = Browser(app)
            try await head.login("head-a")
            head.cookies["lang"] = "en"
            let templates = try await head.get("/staff/letter-templates")
            #expect(templates.text.contains("<h1>Letter templates</h1>") && templates.text.contains("<h2>Decision letter</h2>")
                    && templates.text.contains("<h2>Fee notice</h2>") && templates.text.contains("<h2>Third-party consultation letter</h2>"))
            #expect(templates.text.contains("Legal basis: Article 36 of the Regulations on Open Government Information"))
            #expect(templates.text.contains("<dt><code>{{查询码}}</code></dt><dd>The application&#39;s query code</dd>")
                    || templates.text.contains("<dt><code>{{查询码}}</code></dt><dd>The application's query code</dd>"))
            #expect(templates.text.contains("根据{{法律依据}}的规定，特此答复。"))
            let bad = try await head.post("/staff/letter-templates/decision", [("agency", "edu"), ("body", "{{申请人}}：\n经审查，{{处理意见}}。")])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("This wording cannot be used: ") && bad.text.contains("第2行"))
            #expect(try await head.post("/staff/letter-templates/decision", [("agency", "edu"), ("body", "{{申请人}}：\n经审查，{{答复决定}}。")]).status == .seeOther)
            let saved = try await head.get("/staff/letter-templates?done=saved&kind=decision").text
            #expect(saved.contains("Saved: this agency&#39;s wording of the “Decision letter”") || saved.contains("Saved: this agency's wording of the “Decision letter”"))
            #expect(try await head.post("/staff/letter-templates/decision/reset", [("agency", "edu")]).status == .seeOther)

            // The letter preview: decided (予以公开) on 2024-10-28 — the facts in English, the letter as printed.
            _ = try await service.decide(code: code, outcome: .granted, on: CalendarDate(iso: "2024-10-28")!, by: StaffMember(name: "测试clerk-a", role: .handler), now: testNow)
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            clerk.cookies["lang"] = "en"
            let page = try await clerk.get("/staff/applications/\(code)")
            #expect(page.text.contains(">Preview</button>") && page.text.contains(">Decision letter</option>"))
            let letter = try await clerk.post("/staff/applications/\(code)/letters/preview", [("kind", "decision")])
            #expect(letter.status == .ok && letter.text.contains("<title>Preview: Decision letter") && letter.text.contains("<h1>Letter preview</h1>"))
            let t = letter.text
            #expect(t.contains("<dt>Date of receipt</dt><dd>27 Sep 2024</dd>") && t.contains("<dt>Decision</dt><dd>(1) Disclosed</dd>"))
            #expect(t.contains("<dt>Legal basis</dt><dd>Article 36, item (2) of the Regulations on Open Government Information</dd>"))
            #expect(t.contains("<dt>Date of the letter</dt><dd>28 Oct 2024</dd>") && t.contains(">Download the preview as Word</button>"))
            #expect(t.contains("<h2 class=\"letter-title\">政府信息公开申请答复书</h2>") && t.contains("本机关于2024年9月27日收到您提出的政府信息公开申请"))
            #expect(t.contains("<p class=\"letter-date\">2024年10月28日</p>"))
            #expect(Self.rawKeys(t, namespaces: namespaces).isEmpty)
            // The side panel has no Chinese but the applicant's masked name.
            let aside = try #require(t.firstMatch(of: /<aside class="panel letter-facts">(?s:.*?)<\/aside>/)).0.replacingOccurrences(of: "张*", with: "")
            let han = try NSRegularExpression(pattern: #"\p{Han}"#)
            #expect(han.firstMatch(in: String(aside), range: NSRange(aside.startIndex..., in: aside)) == nil, "Chinese in the side panel: \(aside)")
        }
    }
}
