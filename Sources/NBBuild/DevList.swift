import Foundation

/// Device-id headers from a tree's lists, for trees that carry only the list: dev/pci/pcidevs ->
/// pcidevs.h (PCI_VENDOR_X, PCI_PRODUCT_X_Y), dev/mii/miidevs -> miidevs.h (MII_OUI_X,
/// MII_MODEL_X_Y, MII_STR_X_Y). The lists are lines `vendor NAME 0xID description`, `product VENDOR
/// NAME 0xID description`, `oui NAME 0xID description`, `model OUI NAME 0xID description`, with
/// /* */ comments and a leading RCS id line.
public enum DevList {
    public struct Entry: Equatable, Sendable {
        public var kind: String      // vendor, product, oui, model
        public var names: [String]   // [VENDOR] or [VENDOR, PRODUCT]
        public var id: String
        public var description: String
    }

    public static func parse(_ text: String, file: String) throws -> [Entry] {
        var out: [Entry] = []
        var inComment = false
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            // Block comments may span lines; keep what lies outside them.
            var kept = ""
            while !line.isEmpty {
                if inComment {
                    guard let end = line.range(of: "*/") else { line = ""; break }
                    line = line[end.upperBound...]
                    inComment = false
                } else if let start = line.range(of: "/*") {
                    kept += line[..<start.lowerBound]
                    line = line[start.upperBound...]
                    inComment = true
                } else {
                    kept += line
                    line = ""
                }
            }
            let words = kept.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let kind = words.first else { continue }
            let nnames: Int
            switch kind {
            case "vendor", "oui": nnames = 1
            case "product", "model": nnames = 2
            default:
                if kind.hasPrefix("$") { continue }       // the RCS id line
                throw BuildError("\(file):\(i + 1): unknown line kind `\(kind)` (expected vendor/product/oui/model)")
            }
            guard words.count >= nnames + 2 else { throw BuildError("\(file):\(i + 1): `\(kind)` needs \(nnames) name(s) and an id") }
            out.append(Entry(kind: kind, names: Array(words[1...nnames]), id: words[nnames + 1],
                             description: words[(nnames + 2)...].joined(separator: " ")))
        }
        return out
    }

    public static func pcidevsHeader(_ entries: [Entry]) -> String {
        var s = Generator.banner
        for e in entries {
            let comment = e.description.isEmpty ? "" : "\t/* \(e.description) */"
            switch e.kind {
            case "vendor": s += "#define\tPCI_VENDOR_\(e.names[0])\t\(e.id)\(comment)\n"
            case "product": s += "#define\tPCI_PRODUCT_\(e.names[0])_\(e.names[1])\t\(e.id)\(comment)\n"
            default: break
            }
        }
        return s
    }

    public static func miidevsHeader(_ entries: [Entry]) -> String {
        var s = Generator.banner
        for e in entries {
            let desc = e.description.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            switch e.kind {
            case "oui": s += "#define\tMII_OUI_\(e.names[0])\t\(e.id)\t/* \(e.description) */\n"
            case "model":
                s += "#define\tMII_MODEL_\(e.names[0])_\(e.names[1])\t\(e.id)\n"
                s += "#define\tMII_STR_\(e.names[0])_\(e.names[1])\t\"\(desc)\"\n"
            default: break
            }
        }
        return s
    }

    /// Headers to generate (path under the include root -> contents) for lists without a header.
    public static func missingHeaders(root: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        for (list, header, make) in [("dev/pci/pcidevs", "dev/pci/pcidevs.h", pcidevsHeader),
                                     ("dev/mii/miidevs", "dev/mii/miidevs.h", miidevsHeader)] {
            let l = root + "/" + list
            guard fm.fileExists(atPath: l), !fm.fileExists(atPath: root + "/" + header),
                  let data = fm.contents(atPath: l) else { continue }
            out[header] = make(try parse(String(decoding: data, as: UTF8.self), file: list))
        }
        return out
    }
}
