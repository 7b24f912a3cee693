import Foundation

/// Dates as ledgers and catalogue exports write them: 2024-09-02, 2024/9/2, 2024.9.2, 2024年9月2日, or an Excel date serial.
public func ledgerDate(_ text: String) -> CalendarDate? {
    let t = text.trimmedWhitespace
    if let d = CalendarDate(iso: t) { return d }
    let pieces = t.split(separator: " ", omittingEmptySubsequences: true)
    // A time after the date (as Excel writes a date-time) must be a real time of day: 0–23:0–59[:0–59].
    if pieces.count > 2 { return nil }
    if pieces.count == 2 {
        let hms = pieces[1].split(separator: ":").map { Int($0) }
        guard (2...3).contains(hms.count), hms.allSatisfy({ $0 != nil }), (0...23).contains(hms[0]!), (0...59).contains(hms[1]!),
              hms.count == 2 || (0...59).contains(hms[2]!) else { return nil }
    }
    let parts = String(pieces.first ?? "").replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
        .replacingOccurrences(of: "日", with: "").replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "-")
    let nums = parts.split(separator: "-").compactMap { Int($0) }
    if nums.count == 3, nums[0] > 1900, let d = CalendarDate(year: nums[0], month: nums[1], day: nums[2]) { return d }
    if t.allSatisfy({ $0.isNumber || $0 == "." }), let d = CalendarDate(excelSerial: t), d.year >= 2000 { return d }
    return nil
}

