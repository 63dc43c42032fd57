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
                    frag.options.append((n, v))
                } while c.accept(",")
                try c.expectEnd()
            case "pseudo-device":
                frag.pseudoDevices.append(try c.word("a pseudo-device name"))
                if let t = c.peek, t.kind == .word, Int(t.text) != nil { _ = c.next() }
                try c.expectEnd()
            default:
                frag.instances.append(try instance(first, &c))
            }
        }
        if frag.instances.isEmpty && frag.pseudoDevices.isEmpty {
            throw BuildError("\(file): no device lines (write e.g. `viornd* at virtio?`)")
        }
        return frag
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
