import DisclosureFetch
import Foundation

/// A report fetched by URL (`ReportFetcher`): bytes, final URL, media type, suggested file name, SHA-256.
public typealias FetchedReport = DisclosureFetch.FetchedReport
/// The fetcher's limits and allow-list (defaults: 50 MB, 30 s in all, 10 s to connect, 5 redirects, report media types).
public typealias FetchConfiguration = DisclosureFetch.ReportFetcher.Configuration

extension Service {
    /// Fetches a published report page or file by URL, with limits and the guard against server-side request forgery
    /// (only http/https; no loopback, private, link-local or metadata address after resolution unless allowed in
    /// `GONGKAI_FETCH_ALLOW`; each redirect checked again). See `ReportFetcher`.
    /// - Parameter configuration: nil: the defaults with the allow-list of the environment.
    /// - Throws: `ServiceError` — `.refused` with the fetcher's message (the URL and the reason: refused address and
    ///   why, too large, timed out, too many redirects, media type, HTTP status, connection), `.configuration` for a
    ///   malformed `GONGKAI_FETCH_ALLOW`, `.invalidInput` for limits out of range.
    public static func fetchReport(_ url: String, configuration: FetchConfiguration? = nil) async throws -> FetchedReport {
        let config: FetchConfiguration
        if let configuration { config = configuration } else {
            config = try fetchConfiguration()
        }
        do { try config.validate() } catch let e as FetchConfigurationError { throw ServiceError(.invalidInput, e.message) }
        do { return try await ReportFetcher(config).fetch(url) } catch let e as FetchError {
            throw ServiceError(.refused, e.description)
        }
    }

    /// The fetcher's default configuration with the allow-list of `GONGKAI_FETCH_ALLOW`.
    /// - Throws: `ServiceError(.configuration)` naming a malformed entry of `GONGKAI_FETCH_ALLOW`.
    public static func fetchConfiguration() throws -> FetchConfiguration {
        do { return try FetchConfiguration.fromEnvironment() } catch let e as FetchConfigurationError { throw ServiceError(.configuration, e.message) }
    }
}
