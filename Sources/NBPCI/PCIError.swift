/// Everything that can go wrong between us and Linux's PCI layer. Each case renders as one line that
/// says what is wrong and, where there is one, how to fix it.
public struct PCIError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
