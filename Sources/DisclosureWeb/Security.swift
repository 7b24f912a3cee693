import DisclosureRules
import DisclosureService
import Foundation
import Leaf
import Vapor

// MARK: Access log

/// One line per request: method, the route's pattern (e.g. `/staff/applications/:code`, never the code itself),
/// status and milliseconds. No query string, no form field, no path parameter: a search, a name or a query code never
/// reaches the log.
struct AccessLogMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next.respond(to: req)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        let route = req.route.map { "/" + $0.path.map { "\($0)" }.joined(separator: "/") } ?? (req.url.path.hasPrefix("/static/") ? "/static/*" : "(未匹配)")
        req.logger.info("\(req.method.rawValue) \(route) \(response.status.code) \(String(format: "%.1f", ms))ms")
        return response
    }
}

// MARK: Security headers

/// Headers every response carries: no framing, no MIME sniffing, no referrer beyond the origin, and a content security
/// policy that allows only our own styles and images (pages need no script).
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let r = try await next.respond(to: req)
        r.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        r.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        r.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // Pages are not kept by browsers or proxies unless a route says otherwise (the static files do): a staff page
        // with an applicant's identity must not come back from the cache after logout (Back button).
        if r.headers.first(name: .cacheControl) == nil { r.headers.replaceOrAdd(name: .cacheControl, value: "no-store") }
        if r.headers.first(name: "Content-Security-Policy") == nil {
            r.headers.replaceOrAdd(name: "Content-Security-Policy",
                                   value: "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'none'; frame-ancestors 'none'; form-action 'self'")
        }
        return r
    }
}

// MARK: Errors

/// The status a service error answers with.
func httpStatus(_ e: ServiceError) -> HTTPResponseStatus {
    switch e.code {
    case .invalidInput: .badRequest
    case .notFound: .notFound
    case .conflict, .publishBlocked: .conflict
    case .notAllowed: .forbidden
    case .refused, .calendarNotLoaded, .unreadable, .ledgerRejected, .importRejected: .unprocessableEntity
    case .configuration: .internalServerError
    }
}

/// An error as the API answers it.
struct APIError: Content {
    var code: String
    var message: String
    var field: String?
    var details: [String]?
    var fieldErrors: [String: String]?

    init(code: String, message: String, field: String? = nil, details: [String]? = nil, fieldErrors: [String: String]? = nil) {
        self.code = code; self.message = message; self.field = field; self.details = details; self.fieldErrors = fieldErrors
    }

    init(_ e: ServiceError) {
        self.init(code: e.code.rawValue, message: e.message, field: e.field, details: e.details.isEmpty ? nil : e.details,
                  fieldErrors: e.fieldErrors.isEmpty ? nil : e.fieldErrors)
    }
}

/// Any error in a page or the API: a service error with its status and Chinese message; a malformed request (bad
/// JSON, a missing form field, a body too large) a 4xx in Chinese; anything else a 500 without internals. API paths
/// get JSON, pages a page.
struct PlatformErrorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do { return try await next.respond(to: req) } catch {
            let (status, body) = Self.describe(error)
            if status == .internalServerError { req.logger.error("内部错误：\(Self.loggable(error))") }
            let api = req.url.path.hasPrefix("/api/")
            var response: Response
            if api {
                response = Response(status: status)
                try response.content.encode(body, as: .json)
            } else {
                do {
                    let view = try await req.view.render("error", ErrorPage(page: PageInfo(req, title: req.t("page.error")), status: Int(status.code),
                                                                            message: localizedMessage(error, body, req), details: body.details ?? []))
                    response = try await view.encodeResponse(status: status, for: req)
                } catch {
                    // The error page itself failed (a broken template): plain text, still in Chinese.
                    req.logger.error("错误页无法显示：\(Self.loggable(error))")
                    response = Response(status: status, body: .init(string: "出错了（\(status.code)）：\(body.message)"))
                    response.headers.contentType = .plainText
                }
            }
            if let after = (error as? RateLimited)?.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: "\(after)") }
            return response
        }
    }

    /// What a log may say about an unexpected error: a template's error in full (it names our own file and line), of
    /// anything else only its type — a database error can quote the values of a row.
    static func loggable(_ error: any Error) -> String {
        let type = String(reflecting: Swift.type(of: error))
        return type.hasPrefix("LeafKit.") ? "\(type)：\(error)" : type
    }

    static func describe(_ error: any Error) -> (HTTPResponseStatus, APIError) {
        switch error {
        case let e as ServiceError: return (httpStatus(e), APIError(e))
        case let e as RateLimited: return (.tooManyRequests, APIError(code: "rate-limited", message: "请求过于频繁，请 \(e.retryAfter) 秒后再试"))
        case let e as PageError: return (e.status, APIError(code: e.code, message: e.message))
        case is DecodingError:
            return (.badRequest, APIError(code: "invalid-input", message: "请求内容格式不正确：\(Self.decodingMessage(error as! DecodingError))"))
        case let e as any AbortError:
            let message: String
            switch e.status {
            case .notFound: message = "页面不存在"
            case .payloadTooLarge: message = "提交的内容过大"
            case .unsupportedMediaType: message = "不支持的内容类型"
            case .methodNotAllowed: message = "不支持此请求方法"
            case .badRequest: message = "请求不正确：\(e.reason)"
            default: message = e.reason
            }
            let code = e.status == .notFound ? "not-found" : (e.status.code < 500 ? "invalid-input" : "configuration")
            return (e.status, APIError(code: code, message: message))
        default:
            return (.internalServerError, APIError(code: "configuration", message: "服务器内部错误，请稍后再试或联系系统管理员"))
        }
    }

    static func decodingMessage(_ e: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String { c.map(\.stringValue).joined(separator: ".") }
        switch e {
        case .keyNotFound(let k, let c): return "缺少字段 \(path(c.codingPath + [k]))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "字段 \(path(c.codingPath)) 的类型不正确"
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "不是有效的 JSON 或表单" : "字段 \(path(c.codingPath)) 的值不正确"
        @unknown default: return "无法解析"
        }
    }
}

/// A refusal of the web layer itself (a missing CSRF token, a login needed), with its status.
struct PageError: Error {
    var status: HTTPResponseStatus
    var code: String
    var message: String
}

// MARK: CSRF

/// Double-submit token: a random value in an HttpOnly, SameSite=Lax cookie, repeated in a hidden `_csrf` field of every
/// form; a POST to a page whose field does not match the cookie is refused (403) before its handler runs. The JSON API
/// takes Bearer tokens, not cookies, so it needs none.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookie = "gongkai_csrf"
    static let field = "_csrf"
    /// The form routes that take a file up to `WebSettings.maxUploadBytes` (ledgers, baseline reports, catalogue exports,
    /// decision lists).
    static let uploadPaths: Set<String> = ["/staff/ledger", "/staff/reports/baseline", "/staff/catalogue/import", "/staff/catalogue/decisions/import"]

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var token = req.cookies[Self.cookie]?.string ?? ""
        let fresh = !Self.wellFormed(token)
        if fresh { token = randomToken() }
        req.storage[CSRFKey.self] = token
        if req.method == .POST || req.method == .PUT || req.method == .DELETE || req.method == .PATCH {
            // File uploads may be as large as their route takes; any other form, 1 MB.
            let path = req.url.path
            let limit = Self.uploadPaths.contains(path) ? req.platform.settings.maxUploadBytes
                : path.hasPrefix("/staff/catalogue/attachments") ? AttachmentFile.maximumBytes + 1024 * 1024 : 1024 * 1024
            if req.body.data == nil { _ = try await req.body.collect(max: limit).get() }
            let sent = (try? req.content.get(String.self, at: Self.field)) ?? ""
            guard !fresh, Self.equal(sent, token) else {
                throw PageError(status: .forbidden, code: "csrf",
                                message: "表单已失效或来源不明（缺少有效的 CSRF 令牌）。请返回上一页，刷新后重新提交。")
            }
        }
        let response = try await next.respond(to: req)
        if fresh {
            response.cookies[Self.cookie] = HTTPCookies.Value(string: token, path: "/", isSecure: req.platform.settings.secureCookies,
                                                              isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    static func wellFormed(_ t: String) -> Bool { t.count == 43 && t.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }

    /// Compares in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in x.indices { d |= x[i] ^ y[i] }
        return d == 0
    }
}

struct CSRFKey: StorageKey { typealias Value = String }

/// 32 random bytes, base64url without padding (43 characters).
func randomToken() -> String {
    var g = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

extension Request {
    /// The CSRF token of this request, for the hidden field of its forms.
    var csrfToken: String { storage[CSRFKey.self] ?? "" }

    /// The client's address: the peer, or with `trustProxy` the first address of `X-Forwarded-For`.
    var clientAddress: String {
        if platform.settings.trustProxy, let f = headers.first(name: .xForwardedFor)?.split(separator: ",").first {
            return f.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}

// MARK: Rate limits

/// Too many requests of one kind from one address.
struct RateLimited: Error { var retryAfter: Int }

/// Fixed one-minute windows per (kind, client address), in memory: each app instance counts its own requests (behind
/// a load balancer the limit is per instance).
final class RateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var windows: [String: (start: Date, count: Int)] = [:]

    /// Counts a request; throws `RateLimited` beyond `perMinute`.
    func check(_ kind: String, _ client: String, perMinute: Int, now: Date = Date()) throws {
        try count(kind, client, perMinute: perMinute, adding: 1, now: now)
    }

    /// Takes one of the `perMinute` places of the window (throws `RateLimited` when none is left), in one step so
    /// that simultaneous requests cannot all pass; `release` gives it back when the request is refused for its
    /// content (a refused application form does not use up a try).
    func reserve(_ kind: String, _ client: String, perMinute: Int, now: Date = Date()) throws {
        try count(kind, client, perMinute: perMinute, adding: 1, now: now, undoWhenOver: true)
    }

    /// Gives back a place taken by `reserve`.
    func release(_ kind: String, _ client: String, now: Date = Date()) {
        try? count(kind, client, perMinute: .max, adding: -1, now: now)
    }

    private func count(_ kind: String, _ client: String, perMinute: Int, adding: Int, now: Date, undoWhenOver: Bool = false) throws {
        let key = kind + "|" + client
        let retry: Int? = lock.withLock {
            if windows.count > 50_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < 60 } }
            var w = windows[key] ?? (now, 0)
            if now.timeIntervalSince(w.start) >= 60 { w = (now, 0) }
            w.count = max(0, w.count + adding)
            let over = w.count > perMinute
            if over && undoWhenOver { w.count -= adding }
            windows[key] = w
            return over ? max(1, Int(60 - now.timeIntervalSince(w.start))) : nil
        }
        if let retry { throw RateLimited(retryAfter: retry) }
    }
}

// MARK: Staff sessions

/// The logged-in staff member of a request.
struct Staff: Sendable {
    var member: StaffMember
    var user: UserInfo
    var sessionID: String
}

struct StaffKey: StorageKey { typealias Value = Staff }

/// What a session row holds.
struct SessionPayload: Codable {
    var user: UUID
    var created: Date
}

enum SessionCookie {
    static let name = "gongkai_session"
}

extension Request {
    var staff: Staff? { storage[StaffKey.self] }

    /// The staff member of a session id (a cookie or a Bearer token), if the session is live and the account enabled.
    func loadStaff(sessionID: String) async throws -> Staff? {
        guard sessionID.count == 43, let data = try await service.sessionData(id: sessionID),
              let payload = try? JSONDecoder().decode(SessionPayload.self, from: Data(data.utf8)),
              let found = try await service.member(userID: payload.user) else { return nil }
        return Staff(member: found.member, user: found.user, sessionID: sessionID)
    }

    /// Creates a session for `user`; returns its id and expiry.
    func startSession(user: UserInfo) async throws -> (id: String, expires: Date) {
        let id = randomToken()
        let expires = Date().addingTimeInterval(Double(platform.settings.sessionHours) * 3600)
        let payload = String(decoding: try JSONEncoder().encode(SessionPayload(user: user.id, created: Date())), as: UTF8.self)
        try await service.saveSession(id: id, data: payload, expiresAt: expires)
        return (id, expires)
    }
}

/// Loads the staff member from the session cookie for every /staff page; without one, the login page (with the page
/// asked for, a local path only). An account that must change its password sees only the password page.
struct StaffSessionMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let id = req.cookies[SessionCookie.name]?.string, let staff = try await req.loadStaff(sessionID: id) {
            req.storage[StaffKey.self] = staff
            if staff.user.mustChangePassword && req.url.path != "/staff/password" && req.url.path != "/staff/logout" {
                return req.redirect(to: "/staff/password")
            }
            return try await next.respond(to: req)
        }
        let target = req.method == .GET ? req.url.path : "/staff"
        return req.redirect(to: "/staff/login?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/"))) ?? "/staff"))
    }
}
