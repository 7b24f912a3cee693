import Foundation
import ZIPFoundation

/// Builds an Office package (a ZIP file) in memory with ZIPFoundation.
enum ZIPWriter {
    /// Every entry's modification time (2020-01-01), so that the same report gives the same bytes.
    static let entryDate = Date(timeIntervalSince1970: 1_577_836_800)

    /// A ZIP of the given parts, in order (the first should be `[Content_Types].xml`), deflated.
    /// - Throws: `ExportError.package` when ZIPFoundation cannot write the archive.
    static func package(_ parts: [(path: String, text: String)]) throws -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in parts {
                let data = Data(part.text.utf8)
                try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: entryDate, compressionMethod: .deflate) { position, size in
                    let start = Int(position)
                    return data.subdata(in: start..<min(start + size, data.count))
                }
            }
            guard let bytes = archive.data else { throw ExportError.package("ZIP 数据为空") }
            return bytes
        } catch let e as ExportError {
            throw e
        } catch {
            throw ExportError.package("\(error)")
        }
    }

    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
}
