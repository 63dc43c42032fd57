import XCTest

/// kauth(9) (the host is the superuser), sysctl_query, cprng(9) over nbh_entropy and copy(9).
final class PolicyServicesTests: KernelTestCase {
    func testKauthHostIsSuperuser() { runKernelTest("kauth_host_is_superuser") }
    func testSysctlQueryListsChildren() { runKernelTest("sysctl_query_children") }
    func testCprngAndCopy() { runKernelTest("cprng_and_copy") }
}
