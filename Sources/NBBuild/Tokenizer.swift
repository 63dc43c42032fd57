/// Where a statement came from, for messages: "sys/dev/pci/files.pci:1128".
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) { self.file = file; self.line = line }
    public var description: String { "\(file):\(line)" }
}

public enum TokenKind: Sendable, Equatable {
    case word       // names, paths, numbers: anything without punctuation
    case string     // "quoted", quotes removed
    case punct      // one of { } [ ] = , : ( ) ! & | * ? or "+=" or ":="
}

public struct Token: Sendable, Equatable, CustomStringConvertible {
    public var kind: TokenKind
    public var text: String
    public var line: Int
    public var description: String { kind == .string ? "\"\(text)\"" : text }
}

/// One logical statement: the tokens up to an end of line that is not followed by a space or a
/// tab (config(1) treats "newline + blank" as a continuation). Comments run from # to the line end.
public struct Statement: Sendable {
    public var tokens: [Token]
    public var location: SourceLocation
    public var words: [String] { tokens.map(\.text) }
}

enum Tokenizer {
    static let punct: Set<Character> = ["{", "}", "[", "]", "=", ",", ":", "(", ")", "!", "&", "|", "*", "?"]

    static func statements(_ text: String, file: String) throws -> [Statement] {
        var out: [Statement] = []
        var current: [Token] = []
        var line = 1
        var startLine = 1
        let chars = Array(text)
        var i = 0
        func flush() {
            if !current.isEmpty {
                out.append(Statement(tokens: current, location: SourceLocation(file: file, line: startLine)))
                current = []
            }
        }
        func add(_ kind: TokenKind, _ s: String) {
            if current.isEmpty { startLine = line }
            current.append(Token(kind: kind, text: s, line: line))
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\n":
                line += 1
                i += 1
                if i < chars.count, chars[i] == " " || chars[i] == "\t" { continue }
                flush()
            case " ", "\t", "\r":
                i += 1
            case "#":
                while i < chars.count, chars[i] != "\n" { i += 1 }
            case "\"":
                var j = i + 1
                var s = ""
                while j < chars.count, chars[j] != "\"" {
                    if chars[j] == "\n" {
                        throw BuildError("\(file):\(line): closing quote missing")
                    }
                    if chars[j] == "\\", j + 1 < chars.count, chars[j + 1] == "\"" { j += 1 }
                    s.append(chars[j])
                    j += 1
                }
                if j >= chars.count { throw BuildError("\(file):\(line): closing quote missing") }
                add(.string, s)
                i = j + 1
            case "+" where i + 1 < chars.count && chars[i + 1] == "=",
                 ":" where i + 1 < chars.count && chars[i + 1] == "=":
                add(.punct, String(c) + "=")
                i += 2
            case "\0":
                throw BuildError("\(file):\(line): NUL character in a config file")
            default:
                if punct.contains(c) {
                    add(.punct, String(c))
                    i += 1
                    continue
                }
                var s = ""
                while i < chars.count {
                    let d = chars[i]
                    if d == " " || d == "\t" || d == "\n" || d == "\r" || d == "#" || d == "\"" || punct.contains(d)
                        || (d == "+" && i + 1 < chars.count && chars[i + 1] == "=") { break }
                    s.append(d)
                    i += 1
                }
                add(.word, s)
            }
        }
        flush()
        return out
    }
}

/// Reads a statement's tokens front to back; every failure names the statement's file:line.
struct TokenCursor {
    let statement: Statement
    var index = 0
    init(_ s: Statement) { statement = s }

    var atEnd: Bool { index >= statement.tokens.count }
    var peek: Token? { atEnd ? nil : statement.tokens[index] }
    func peekIs(_ p: String) -> Bool { peek.map { $0.kind == .punct && $0.text == p } ?? false }
    func peekWordIs(_ w: String) -> Bool { peek.map { $0.kind == .word && $0.text == w } ?? false }

    func error(_ what: String) -> BuildError {
        let line = peek?.line ?? statement.tokens.last?.line ?? statement.location.line
        return BuildError("\(statement.location.file):\(line): \(what)")
    }

    mutating func next() -> Token? {
        defer { index += 1 }
        return atEnd ? nil : statement.tokens[index]
    }
    mutating func word(_ what: String) throws -> String {
        guard let t = peek, t.kind == .word else {
            throw error("expected \(what), found \(peek.map { "`\($0)`" } ?? "end of line")")
        }
        index += 1
        return t.text
    }
    mutating func value(_ what: String) throws -> String {
        guard let t = peek, t.kind != .punct else {
            throw error("expected \(what), found \(peek.map { "`\($0)`" } ?? "end of line")")
        }
        index += 1
        return t.text
    }
    mutating func expect(_ p: String) throws {
        guard peekIs(p) else { throw error("expected `\(p)`, found \(peek.map { "`\($0)`" } ?? "end of line")") }
        index += 1
    }
    mutating func accept(_ p: String) -> Bool {
        if peekIs(p) { index += 1; return true }
        return false
    }
    func expectEnd() throws {
        if let t = peek { throw error("unexpected `\(t)`") }
    }
}
