import DisclosureRules
import DisclosureService
import Foundation
import Leaf
import LeafKit
import Vapor

/// The languages of the web pages: zh-CN (the default) and English.
enum Lang: String, CaseIterable, Sendable {
    case zh = "zh-CN"
    case en

    /// Reads a `lang` value (`zh`, `zh-CN`, `cn`, `en`, `en-GB` …); nil for anything else.
    init?(code: String) {
        let c = code.lowercased()
        if c == "zh" || c.hasPrefix("zh-") || c == "cn" { self = .zh } else if c == "en" || c.hasPrefix("en-") { self = .en } else { return nil }
    }
}

/// The page texts of one language: key → text, with named placeholders `{name}` (a value as it is) and
/// `{name:date}` (an ISO date written as the language writes dates: 2024年9月27日 / 27 Sep 2024).
///
/// The catalogues are `Site/i18n/zh-CN.json` and `Site/i18n/en.json`, read once. A key missing from a catalogue shows
/// as `⟦key⟧` (never silently as nothing); LanguageTests checks that no key used is missing.
struct Catalogue: Sendable {
    let texts: [String: String]

    /// Both catalogues, from the module's bundle (read once per process).
    static let all: [Lang: Catalogue] = {
        var out: [Lang: Catalogue] = [:]
        for lang in Lang.allCases { out[lang] = Catalogue(texts: (try? load(lang)) ?? [:]) }
        return out
    }()

    static subscript(_ lang: Lang) -> Catalogue { all[lang] ?? Catalogue(texts: [:]) }

    /// The catalogue file of `lang` as a dictionary.
    /// - Throws: when the file is missing or not a JSON object of strings (a broken installation).
    static func load(_ lang: Lang) throws -> [String: String] {
        guard let url = Bundle.module.url(forResource: "Site", withExtension: nil)?.appendingPathComponent("i18n/\(lang.rawValue).json") else {
            throw ServiceError(.configuration, "找不到语言文件 \(lang.rawValue).json（DisclosureWeb 资源包缺失）")
        }
        return try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
    }

    /// The placeholders of a text, in order of first appearance (`{name}` or `{name:date}` → name).
    static func placeholders(_ text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inner = rest[rest.index(after: open)..<close]
            let name = String(inner.split(separator: ":", maxSplits: 1).first ?? "")
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The text of `key` with its placeholders filled from `values`; `⟦key⟧` when the key is missing.
    func text(_ key: String, _ values: [String: String] = [:], lang: Lang) -> String {
        guard let t = texts[key] else { return "⟦\(key)⟧" }
        guard t.contains("{") else { return t }
        var out = ""
        var rest = Substring(t)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: ":", maxSplits: 1).map(String.init)
            let name = parts.first ?? ""
            if let v = values[name] {
                out += parts.count > 1 && parts[1] == "date" ? formatDate(v, lang) : v
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

/// An ISO date (`2024-09-27`, or the date part of a timestamp) as `lang` writes it: 2024年9月27日 in zh-CN,
/// 27 Sep 2024 in English; anything else unchanged.
func formatDate(_ iso: String, _ lang: Lang) -> String {
    guard let d = CalendarDate(iso: String(iso.prefix(10))) else { return iso }
    let rest = iso.count > 10 ? String(iso.dropFirst(10)) : ""
    switch lang {
    case .zh: return d.chinese + rest
    case .en:
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(d.day) \(months[d.month - 1]) \(d.year)" + rest
    }
}

/// Data values shown on pages that the service gives in Chinese (enum labels: states, channels, applicant kinds …):
/// in English they are looked up by their Chinese text among the keys `family.*` of the zh-CN catalogue and replaced
/// by the English text of the same key; a value not found stays as it is.
enum ValueFamilies {
    /// Families of keys translated by value (`#tv("family", value)`, `Request.tv`).
    static let names = ["kind", "idType", "form", "delivery", "channel", "state", "role", "outcome", "step", "severity", "appealKind",
                        "appealResult", "consultation", "action", "event", "letter", "svc", "adminDone", "outboxKind", "outboxStatus",
                        "auditKind", "placeholder", "letterFact"]

    /// zh text → key, per family (built once).
    static let reverse: [String: [String: String]] = {
        var out: [String: [String: String]] = [:]
        for (key, text) in Catalogue[.zh].texts {
            guard let dot = key.firstIndex(of: ".") else { continue }
            let family = String(key[..<dot])
            guard names.contains(family) else { continue }
            out[family, default: [:]][text] = key
        }
        return out
    }()

    /// `value` in `lang`: the English text of the zh-CN key of `family` whose text is `value`.
    static func translate(_ family: String, _ value: String, _ lang: Lang) -> String {
        guard lang != .zh, let key = reverse[family]?[value] else { return value }
        return Catalogue[lang].texts[key] ?? value
    }
}

// MARK: The request's language

struct LangKey: StorageKey { typealias Value = Lang }

extension Request {
    /// The language of this request (set by `LanguageMiddleware`; zh-CN without one).
    var lang: Lang { storage[LangKey.self] ?? .zh }

    /// The text of `key` in the request's language, placeholders filled by name.
    func t(_ key: String, _ values: [String: String] = [:]) -> String { Catalogue[lang].text(key, values, lang: lang) }

    /// A Chinese data value (an enum label of `family`) in the request's language.
    func tv(_ family: String, _ value: String) -> String { ValueFamilies.translate(family, value, lang) }

    /// A service error's message in the request's language: in English the message of its field or code from the
    /// catalogue (`svc.*` for a known Chinese text, else `error.field.<field>` or `error.code.<code>`); in zh-CN the
    /// service's own message.
    func message(_ e: ServiceError) -> String {
        guard lang != .zh else { return e.message }
        let known = tv("svc", e.message)
        if known != e.message { return known }
        if let f = e.field, Catalogue[lang].texts["error.field.\(f)"] != nil { return t("error.field.\(f)") }
        return t("error.code.\(e.code.rawValue)")
    }

    /// A field error of a form (the service's Chinese text) in the request's language.
    func fieldMessage(_ field: String, _ text: String) -> String {
        guard lang != .zh else { return text }
        let known = tv("svc", text)
        if known != text { return known }
        return Catalogue[lang].texts["error.field.\(field)"] != nil ? t("error.field.\(field)") : t("error.code.invalid-input")
    }

    /// The path (and query, without `lang`) of this page, to come back to after switching the language: a GET page
    /// itself; after a POST the local page it was posted from (Referer), else the home page.
    var returnPath: String {
        if method == .GET {
            guard var comps = URLComponents(string: url.string) else { return "/" }
            let kept = comps.queryItems?.filter { $0.name != "lang" }
            comps.queryItems = kept?.isEmpty == false ? kept : nil
            return Optional(comps).map { ($0.percentEncodedPath.isEmpty ? "/" : $0.percentEncodedPath) + ($0.percentEncodedQuery.map { "?" + $0 } ?? "") } ?? "/"
        }
        if let ref = headers.first(name: .referer), let u = URLComponents(string: ref), u.host == nil || u.host == headers.first(name: .host)?.split(separator: ":").first.map(String.init) {
            return u.percentEncodedPath.isEmpty ? "/" : u.percentEncodedPath + (u.percentEncodedQuery.map { "?" + $0 } ?? "")
        }
        return "/"
    }
}

/// Chooses the language of each request: `?lang=` (which also sets the cookie), else the `lang` cookie, else zh-CN.
struct LanguageMiddleware: AsyncMiddleware {
    static let cookie = "lang"

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let asked = (try? req.query.get(String.self, at: "lang")).flatMap(Lang.init(code:))
        req.storage[LangKey.self] = asked ?? req.cookies[Self.cookie].flatMap { Lang(code: $0.string) } ?? .zh
        let response = try await next.respond(to: req)
        if let asked { Self.setCookie(response, asked, req) }
        return response
    }

    static func setCookie(_ response: Response, _ lang: Lang, _ req: Request) {
        response.cookies[cookie] = HTTPCookies.Value(string: lang.rawValue, expires: Date().addingTimeInterval(365 * 86_400),
                                                     path: "/", isSecure: req.platform.settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}

/// `GET /lang/:code?back=/path`: sets the language cookie and returns to the page (a local path only).
func registerLanguage(_ app: Application) {
    app.get("lang", ":code") { req -> Response in
        guard let lang = Lang(code: req.parameters.get("code") ?? "") else {
            throw PageError(status: .notFound, code: "not-found", message: req.t("error.pageNotFound"))
        }
        let raw = (try? req.query.get(String.self, at: "back")) ?? "/"
        let back = raw.hasPrefix("/") && !raw.hasPrefix("//") && !raw.contains("\\") ? raw : "/"
        let r = req.redirect(to: back)
        LanguageMiddleware.setCookie(r, lang, req)
        return r
    }
}

/// An error page's message in the request's language: in zh-CN what the API says (`body.message`); in English the
/// catalogue's text for the error's kind (a service error by its message, field or code; CSRF, rate limit, not found,
/// too large, malformed, internal).
func localizedMessage(_ error: any Error, _ body: APIError, _ req: Request) -> String {
    guard req.lang != .zh else { return body.message }
    switch error {
    case let e as ServiceError: return req.message(e)
    case let e as RateLimited: return req.t("error.rateLimited", ["seconds": "\(e.retryAfter)"])
    case let e as PageError: return e.code == "csrf" ? req.t("error.csrf") : e.message
    case is DecodingError: return req.t("error.badRequest")
    case let e as any AbortError:
        switch e.status {
        case .notFound: return req.t("error.pageNotFound")
        case .payloadTooLarge: return req.t("error.tooLarge")
        case .unsupportedMediaType, .methodNotAllowed, .badRequest: return req.t("error.badRequest")
        default: return e.status.code >= 500 ? req.t("error.internal") : req.t("error.badRequest")
        }
    default: return req.t("error.internal")
    }
}

// MARK: Leaf tags

/// `#t("key", a, b …)`: the text of `key` in the request's language. The values fill the placeholders in the order
/// they first appear in the zh-CN text (the names bind them, so the English text may order them otherwise).
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else { throw LeafError(.unknownError("#t() needs a key")) }
        let lang = ctx.request?.lang ?? .zh
        var values: [String: String] = [:]
        let names = Catalogue.placeholders(Catalogue[.zh].texts[key] ?? "")
        for (i, v) in ctx.parameters.dropFirst().enumerated() where i < names.count { values[names[i]] = v.isNil ? "" : (v.string ?? "") }
        return .string(Catalogue[lang].text(key, values, lang: lang))
    }
}

/// `#tv("family", value)`: a Chinese data value (an enum label) in the request's language (`ValueFamilies`).
struct TranslateValueTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard ctx.parameters.count == 2, let family = ctx.parameters[0].string else { throw LeafError(.unknownError("#tv(family, value)")) }
        let value = ctx.parameters[1].isNil ? "" : (ctx.parameters[1].string ?? "")
        return .string(ValueFamilies.translate(family, value, ctx.request?.lang ?? .zh))
    }
}

/// `#date(x)`: an ISO date as the request's language writes it (2026年3月5日 / 5 Mar 2026).
struct LocalDateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let s = ctx.parameters.first?.string else { return .string("") }
        return .string(formatDate(s, ctx.request?.lang ?? .zh))
    }
}

/// `#langurl("en")`: the link that switches to a language and comes back to this page.
struct LanguageURLTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let code = ctx.parameters.first?.string, let lang = Lang(code: code) else { throw LeafError(.unknownError("#langurl(code)")) }
        let back = ctx.request?.returnPath ?? "/"
        return .string("/lang/\(lang.rawValue)?back=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"))
    }
}

// MARK: Values the service writes in Chinese

/// A date the service wrote the Chinese way (`2024年9月27日`, as in a letter's facts) in `lang`: unchanged in zh-CN,
/// `27 Sep 2024` in English; any other text unchanged.
func localizeChineseDate(_ text: String, _ lang: Lang) -> String {
    guard lang != .zh, let m = text.wholeMatch(of: /(\d{4})年(\d{1,2})月(\d{1,2})日/),
          let y = Int(m.1), let mo = Int(m.2), let d = Int(m.3), let date = CalendarDate(year: y, month: mo, day: d) else { return text }
    return formatDate(date.description, lang)
}

/// A legal basis as the letters cite it (`《中华人民共和国政府信息公开条例》第三十六条第（二）项`, `…第十五条、第三十二条`,
/// `…第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）`) in `lang`: unchanged in zh-CN; in English
/// "Article 36, item (2) of the Regulations on Open Government Information". A text with any part not recognised is
/// returned unchanged (never half translated).
func localizeLegalBasis(_ text: String, _ lang: Lang) -> String {
    guard lang != .zh else { return text }
    let regulations = "《中华人民共和国政府信息公开条例》", measures = "《政府信息公开信息处理费管理办法》", circular = "（国办函〔2020〕109号）"
    var rest = Substring(text), parts: [String] = []
    /// 一 … 九十九 as a number.
    func number(_ s: Substring) -> Int? {
        let digits: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        let parts = s.split(separator: "十", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.count <= 1 }) else { return nil }
        func digit(_ p: Substring, _ empty: Int) -> Int? { p.isEmpty ? empty : digits[p.first!] }
        if parts.count == 1 { return parts[0].isEmpty ? nil : digit(parts[0], 0) }
        guard let tens = digit(parts[0], 1), let ones = digit(parts[1], 0) else { return nil }
        return tens * 10 + ones
    }
    /// The citations after the Regulations' name: 第N条, 第N款, 第（N）项, joined by 、.
    func citations() -> String? {
        var pieces: [String] = []
        while rest.hasPrefix("第") || (rest.hasPrefix("、第") && !pieces.isEmpty) {
            if rest.hasPrefix("、") { rest = rest.dropFirst() }
            var piece: [String] = []
            while rest.hasPrefix("第") {
                let body = rest.dropFirst()
                if body.hasPrefix("（"), let close = body.firstIndex(of: "）"), body[body.index(after: close)...].hasPrefix("项"),
                   let n = number(body[body.index(after: body.startIndex)..<close]) {
                    piece.append("item (\(n))"); rest = body[body.index(after: close)...].dropFirst()
                } else if let end = body.firstIndex(where: { $0 == "条" || $0 == "款" }), let n = number(body[..<end]) {
                    piece.append(body[end] == "条" ? "Article \(n)" : "paragraph \(n)"); rest = body[body.index(after: end)...]
                } else { return nil }
            }
            pieces.append(piece.joined(separator: ", "))
        }
        return pieces.isEmpty ? "" : pieces.count == 1 ? pieces[0] : pieces.dropLast().joined(separator: ", ") + " and " + pieces.last!
    }
    while !rest.isEmpty {
        if rest.hasPrefix("和") && !parts.isEmpty { rest = rest.dropFirst(); continue }
        if rest.hasPrefix(regulations) {
            rest = rest.dropFirst(regulations.count)
            guard let c = citations() else { return text }
            parts.append(c.isEmpty ? "the Regulations on Open Government Information" : c + " of the Regulations on Open Government Information")
        } else if rest.hasPrefix(measures) {
            rest = rest.dropFirst(measures.count)
            var p = "the Measures on Fees for Processing Open Government Information"
            if rest.hasPrefix(circular) { rest = rest.dropFirst(circular.count); p += " (Guobanhan [2020] No. 109)" }
            parts.append(p)
        } else { return text }
    }
    return parts.isEmpty ? text : parts.joined(separator: " and ")
}
