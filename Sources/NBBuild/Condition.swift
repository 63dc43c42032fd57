/// A `file` line's condition as config(1) reads it: names joined by `|` and `&` (`&` binds
/// tighter), `!` and parentheses. A name holds when it is selected: a device, attachment or
/// attribute in the configuration, or an option (compared in lower case, as config(1) does).
public indirect enum Condition: Sendable, Equatable, CustomStringConvertible {
    case name(String)
    case not(Condition)
    case and(Condition, Condition)
    case or(Condition, Condition)

    public func holds(_ selected: Set<String>) -> Bool {
        switch self {
        case .name(let n): return selected.contains(n.lowercased())
        case .not(let c): return !c.holds(selected)
        case .and(let a, let b): return a.holds(selected) && b.holds(selected)
        case .or(let a, let b): return a.holds(selected) || b.holds(selected)
        }
    }

    /// Every name the condition mentions (for needs-flag headers and reference checks).
    public var names: [String] {
        switch self {
        case .name(let n): return [n]
        case .not(let c): return c.names
        case .and(let a, let b), .or(let a, let b): return a.names + b.names
        }
    }

    public var description: String {
        switch self {
        case .name(let n): return n
        case .not(let c): return "!\(c.atomic)"
        case .and(let a, let b): return "\(a.atomic) & \(b.atomic)"
        case .or(let a, let b): return "\(a) | \(b)"
        }
    }
    private var atomic: String {
        switch self {
        case .name, .not: return description
        default: return "(\(description))"
        }
    }

    /// Parses a condition from a cursor, stopping at a word that cannot continue it
    /// (needs-flag, compile-with, ...). Grammar: or := and ('|' and)*; and := unary ('&' unary)*;
    /// unary := '!' unary | '(' or ')' | NAME.
    static func parse(_ c: inout TokenCursor) throws -> Condition {
        var left = try parseAnd(&c)
        while c.accept("|") { left = .or(left, try parseAnd(&c)) }
        return left
    }
    private static func parseAnd(_ c: inout TokenCursor) throws -> Condition {
        var left = try parseUnary(&c)
        while c.accept("&") { left = .and(left, try parseUnary(&c)) }
        return left
    }
    private static func parseUnary(_ c: inout TokenCursor) throws -> Condition {
        if c.accept("!") { return .not(try parseUnary(&c)) }
        if c.accept("(") {
            let inner = try parse(&c)
            try c.expect(")")
            return inner
        }
        return .name(try c.word("a name in the condition"))
    }
}
