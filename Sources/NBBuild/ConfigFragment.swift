import Foundation

/// One kernel-config line for a device: `wm* at pci? dev ? function ?`, `makphy0 at mii? phy 1`.
public struct Instance: Sendable, Equatable {
    public var device: String
    public var unit: Int?                    // nil: `*`, any number of units
    public var parent: String                // a device or an interface attribute
    public var parentUnit: Int?              // nil: `?`
    public var locators: [(name: String, value: String?)]   // value nil: `?`
    public var flags: Int
    public var location: SourceLocation

    public var label: String { device + (unit.map(String.init) ?? "*") }
    public var line: String {
        var s = "\(label) at \(parent)\(parentUnit.map(String.init) ?? "?")"
        for l in locators { s += " \(l.name) \(l.value ?? "?")" }
        return s
    }
    public static func == (a: Instance, b: Instance) -> Bool { a.line == b.line && a.flags == b.flags }
}

/// A module's configuration: what a NetBSD user writes into a kernel config for these devices.
public struct ConfigFragment: Sendable {
    public var instances: [Instance] = []
    public var options: [(name: String, value: String?)] = []
    public var pseudoDevices: [String] = []
    public var selects: [String] = []        // `select ATTR`: attributes chosen by hand
    public var makeoptions: [(name: String, value: String, append: Bool)] = []
    /// Lines config(1) accepts that mean nothing for a module (ident, maxusers, config ... root on,
    /// file-system ...), each skipped with one line the build prints.
    public var warnings: [String] = []
    public var file: String

    public static func load(_ path: String) throws -> ConfigFragment {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw BuildError("cannot read the config file \(path)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> ConfigFragment {
        var frag = ConfigFragment(file: file)
        for st in try Tokenizer.statements(text, file: file) {
            var c = TokenCursor(st)
            let first = try c.word("a device line or `options`")
            switch first {
            case "options":
                repeat {
                    let n = try c.word("an option name")
                    let v: String? = c.accept("=") ? try c.value("a value for \(n)") : nil
                    frag.options.removeAll { $0.name == n }
                    frag.options.append((n, v))
                } while c.accept(",")
                try c.expectEnd()
            case "makeoptions":
                repeat {
                    guard let n = c.next(), n.kind != .punct else { c.index -= 1; throw c.error("expected a make variable") }
                    let append = c.accept("+=")
                    if !append { try c.expect("=") }
                    let v = try c.value("a value for \(n.text)")
                    if !append { frag.makeoptions.removeAll { $0.name == n.text } }
                    frag.makeoptions.append((n.text, v, append))
                } while c.accept(",")
                try c.expectEnd()
            case "select":
                frag.selects.append(try c.word("an attribute name"))
                try c.expectEnd()
            case "pseudo-device":
                frag.pseudoDevices.append(try c.word("a pseudo-device name"))
                if let t = c.peek, t.kind == .word, Int(t.text) != nil { _ = c.next() }
                try c.expectEnd()
            case "no":
                try frag.negation(&c)
            case "ident", "maxusers", "config", "file-system", "pseudo-root", "machine", "source", "build":
                frag.warnings.append("\(st.location): `\(first)` line skipped: it has no effect on a loadable module")
            default:
                frag.instances.append(try instance(first, &c))
            }
        }
        if frag.instances.isEmpty && frag.pseudoDevices.isEmpty {
            throw BuildError("\(file): no device lines (write e.g. `viornd* at virtio?`)")
        }
        return frag
    }

    /// `no options A, B`, `no makeoptions X`, `no select A`, `no pseudo-device X`, `no X at Y`,
    /// `no X`, `no device at Y`: each takes back what an earlier line of the fragment added.
    private mutating func negation(_ c: inout TokenCursor) throws {
        let what = try c.word("what `no` takes back (options, select, an instance, ...)")
        func names() throws -> [String] {
            var out: [String] = []
            repeat { out.append(try c.word("a name")) } while c.accept(",")
            try c.expectEnd()
            return out
        }
        switch what {
        case "options": for n in try names() { options.removeAll { $0.name == n } }
        case "makeoptions": for n in try names() { makeoptions.removeAll { $0.name == n } }
        case "select": for n in try names() { selects.removeAll { $0 == n } }
        case "pseudo-device": for n in try names() { pseudoDevices.removeAll { $0 == n } }
        case "ident", "file-system", "config":
            warnings.append("\(c.statement.location): `no \(what)` line skipped: it has no effect on a loadable module")
        default:
            let star = c.accept("*")
            var parent: String?
            if c.peekWordIs("at") {
                _ = c.next()
                parent = try c.word("a parent")
                _ = c.accept("?")
            }
            try c.expectEnd()
            let before = instances.count
            instances.removeAll { i in
                (what == "device" || (star ? i.device == what : i.label == what || i.device + "*" == what))
                    && (parent.map { p in i.parent == p || i.parent + (i.parentUnit.map(String.init) ?? "") == p } ?? true)
            }
            if instances.count == before { throw c.error("`no \(what)\(star ? "*" : "")\(parent.map { " at \($0)" } ?? "")` matches no earlier line") }
        }
    }

    /// "pci0" -> ("pci", 0); "pci" -> ("pci", nil).
    static func splitUnit(_ w: String) -> (String, Int?) {
        let digits = w.reversed().prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count < w.count else { return (w, nil) }
        return (String(w.dropLast(digits.count)), Int(String(digits.reversed())))
    }

    private static func instance(_ first: String, _ c: inout TokenCursor) throws -> Instance {
        let loc = c.statement.location
        let dev: String, unit: Int?
        if c.accept("*") {
            (dev, unit) = (first, nil)
        } else {
            (dev, unit) = splitUnit(first)
            guard unit != nil else {
                throw c.error("`\(first)`: write `\(first)*` (any number of units) or `\(first)0` (one unit)")
            }
        }
        guard c.peekWordIs("at") else { throw c.error("expected `at PARENT` after \(first)") }
        _ = c.next()
        let pword = try c.word("a parent (pci?, mii?, virtio0)")
        let parent: String, punit: Int?
        if c.accept("?") {
            (parent, punit) = (pword, nil)
        } else {
            (parent, punit) = splitUnit(pword)
            guard punit != nil else { throw c.error("write `\(pword)?` (any \(pword)) or `\(pword)0` (one unit)") }
        }
        var inst = Instance(device: dev, unit: unit, parent: parent, parentUnit: punit, locators: [], flags: 0, location: loc)
        while let t = c.next() {
            guard t.kind == .word else { c.index -= 1; throw c.error("expected a locator name, found `\(t)`") }
            if c.accept("?") {
                inst.locators.append((t.text, nil))
                continue
            }
            let v = try c.value("a value or `?` for \(t.text)")
            if t.text == "flags" {
                guard let f = parseInt(v) else { throw c.error("flags needs a number, not `\(v)`") }
                inst.flags = f
            } else {
                guard parseInt(v) != nil else { throw c.error("locator \(t.text) needs a number or `?`, not `\(v)`") }
                inst.locators.append((t.text, v))
            }
        }
        return inst
    }
}

func parseInt(_ s: String) -> Int? {
    let neg = s.hasPrefix("-")
    let body = neg ? String(s.dropFirst()) : s
    let v: Int?
    if body.hasPrefix("0x") || body.hasPrefix("0X") { v = Int(body.dropFirst(2), radix: 16) }
    else if body.count > 1, body.hasPrefix("0") { v = Int(body.dropFirst(), radix: 8) }
    else { v = Int(body) }
    return v.map { neg ? -$0 : $0 }
}
