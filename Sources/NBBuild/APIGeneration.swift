import Foundation

/// A tree's `__NetBSD_Version__` (MMmmrrpp00: 901000000 is 9.1, 799003400 is 7.99.34: -current
/// counts in the patch digits).
public struct NetBSDVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var value: Int
    public init(_ value: Int) { self.value = value }

    /// "9.1", "7.99.34", "10.0".
    public var name: String {
        let major = value / 100_000_000, minor = value / 1_000_000 % 100
        let release = value / 10_000 % 100, patch = value / 100 % 100
        return "\(major).\(minor)" + (release != 0 ? ".\(release)" : "") + (patch != 0 ? ".\(patch)" : "")
    }
    /// "NetBSD 9.1 (901000000)".
    public var description: String { "NetBSD \(name) (\(value))" }
    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }

    /// The version a tree declares in sys/sys/param.h (`#define __NetBSD_Version__ N`).
    public static func of(treeRoot sys: String) throws -> NetBSDVersion {
        let path = sys + "/sys/param.h"
        guard let text = try? String(contentsOfFile: path, encoding: .isoLatin1) else {
            throw BuildError("cannot read \(path) for the tree's __NetBSD_Version__ (is --netbsd-src the directory holding sys/?)")
        }
        for line in text.split(separator: "\n") {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if f.count >= 3, f[0] == "#define", f[1] == "__NetBSD_Version__", let v = Int(f[2]) { return NetBSDVersion(v) }
        }
        throw BuildError("\(path) defines no __NetBSD_Version__ number; is this a NetBSD kernel tree?")
    }
}

/// The NetBSD kernel APIs the personality's headers serve. A module is compiled with its tree's
/// `__NetBSD_Version__`, and the headers choose by it (`#if __NetBSD_Version__ >= 900000000`).
public struct APIGeneration: Sendable, Equatable {
    public var name: String
    public var versions: ClosedRange<Int>

    /// 7.99.34: rumpkernel's 2016 kernel-src (a -current snapshot: that one version). 9: the
    /// netbsd-9 release branch, whose kernel API stays fixed from 9.0 on (9.99 is -current again).
    public static let known = [
        APIGeneration(name: "NetBSD 7.99.34", versions: 799_003_400...799_003_400),
        APIGeneration(name: "NetBSD 9", versions: 900_000_000...998_999_999),
    ]

    var range: String { versions.count == 1 ? "\(versions.lowerBound)" : "\(versions.lowerBound)-\(versions.upperBound)" }

    /// The generation serving `v`, or one line naming the tree's version and the nearest known.
    public static func serving(_ v: NetBSDVersion, tree: String) throws -> APIGeneration {
        if let g = known.first(where: { $0.versions.contains(v.value) }) { return g }
        let older = known.last { $0.versions.upperBound < v.value }, newer = known.first { $0.versions.lowerBound > v.value }
        let what: String
        switch (older, newer) {
        case (nil, let n?): what = "older than the oldest API nbshim knows, \(n.name) (\(n.range))"
        case (let o?, nil): what = "newer than the newest API nbshim knows, \(o.name) (\(o.range))"
        case (let o?, let n?): what = "between the APIs nbshim knows, \(o.name) (\(o.range)) and \(n.name) (\(n.range))"
        case (nil, nil): what = "not an API nbshim knows"
        }
        throw BuildError("\(tree) is \(v), \(what); point --netbsd-src at a tree of a known generation")
    }
}
