import CNetBSDShim
import NBPCI

/// The NetBSD kernel personality in this process.
public enum Kernel {
    private static let bootResult: Int32 = nbk_init()

    /// Starts the personality once; later calls return the first result.
    public static func boot() throws {
        guard bootResult == 0 else { throw HostError("the kernel personality did not start: error \(bootResult)") }
    }

    /// For tests: a personality that cannot start is a test failure at the first assertion.
    public static func bootForTests() {
        precondition(bootResult == 0, "the kernel personality did not start: error \(bootResult)")
    }
}
