/// The kernel symbols a module needs and the host does not export, grouped by the subsystem a
/// porter would implement them in.
public struct PortingReport: Sendable {
    public var missing: [String: [String]]      // subsystem -> symbols
    /// Missing symbols the module never calls directly: data, or functions whose address it takes.
    public var notCalled: Set<String>

    public var isEmpty: Bool { missing.isEmpty }
    public var count: Int { missing.values.map(\.count).reduce(0, +) }

    /// Symbol prefixes (or whole names) -> subsystem; the longest matching prefix wins.
    static let subsystems: [(String, String)] = [
        ("bus_space_", "bus_space(9)"), ("bus_dma", "bus_dma(9)"),
        ("pci_", "pci(9)"), ("pcie_", "pci(9)"),
        ("mutex_", "mutex(9)"), ("rw_", "rwlock(9)"), ("cv_", "condvar(9)"),
        ("callout_", "callout(9)"), ("kmem_", "kmem(9)"), ("malloc", "malloc(9)"), ("free", "malloc(9)"),
        ("pool_", "pool(9)"), ("pool_cache_", "pool_cache(9)"), ("percpu_", "percpu(9)"), ("pcq_", "pcq(9)"),
        ("m_", "mbuf(9)"), ("mb_", "mbuf(9)"), ("mbuf", "mbuf(9)"), ("mclpool", "mbuf(9)"), ("mcl_", "mbuf(9)"),
        ("if_", "ifnet(9)"), ("ifq_", "ifnet(9)"), ("ifmedia_", "ifmedia(9)"), ("ifa_", "ifnet(9)"),
        ("ifnet", "ifnet(9)"), ("ifpromisc", "ifnet(9)"), ("ifioctl", "ifnet(9)"), ("ifreq", "ifnet(9)"),
        ("ether_", "ethersubr(9)"), ("etherbroadcastaddr", "ethersubr(9)"), ("arp", "arp"),
        ("ieee80211_", "net80211"), ("bpf_", "bpf(4)"), ("in_", "netinet"), ("in6_", "netinet6"),
        ("ip_", "netinet"), ("ip6_", "netinet6"), ("tcp_", "netinet"), ("rt_", "route"), ("sockaddr_", "route"),
        ("softint_", "softint(9)"), ("workqueue_", "workqueue(9)"), ("kthread_", "kthread(9)"),
        ("kpause", "sleep(9)"), ("tsleep", "sleep(9)"), ("mtsleep", "sleep(9)"), ("wakeup", "sleep(9)"),
        ("lwp_", "lwp"), ("curlwp", "lwp"), ("cpu_", "cpu"), ("xc_", "xcall(9)"), ("kpreempt", "cpu"),
        ("spl", "spl(9)"), ("delay", "delay(9)"), ("DELAY", "delay(9)"),
        ("rnd_", "rnd(9)"), ("cprng_", "cprng(9)"), ("evcnt_", "evcnt(9)"), ("sysctl_", "sysctl(9)"),
        ("config_", "autoconf(9)"), ("device_", "autoconf(9)"), ("cfattach", "autoconf(9)"), ("cfdriver", "autoconf(9)"),
        ("pmf_", "pmf(9)"), ("module_", "module(9)"), ("prop_", "proplib(3)"), ("firmware_", "firmload(9)"),
        ("printf", "console"), ("aprint_", "console"), ("log", "console"), ("panic", "console"),
        ("vprintf", "console"), ("snprintb", "console"), ("kern_assert", "console"), ("uprintf", "console"),
        ("uvm_", "uvm"), ("pmap_", "uvm"), ("kernel_map", "uvm"), ("physmem", "uvm"),
        ("hz", "time(9)"), ("time_", "time(9)"), ("getmicro", "time(9)"), ("getnano", "time(9)"),
        ("microtime", "time(9)"), ("nanotime", "time(9)"), ("tvtohz", "time(9)"), ("mstohz", "time(9)"),
        ("hardclock_ticks", "time(9)"), ("ratecheck", "time(9)"), ("ppsratecheck", "time(9)"),
        ("atomic_", "atomic_ops(3)"), ("membar_", "atomic_ops(3)"),
        ("kauth_", "kauth(9)"), ("copyin", "copy(9)"), ("copyout", "copy(9)"), ("copystr", "copy(9)"),
        ("sel", "select(9)"), ("knote", "kqueue"), ("fnullop", "kernel misc"),
        ("mii_", "mii(4)"), ("ukphy_", "mii(4)"), ("mii_phy", "mii(4)"),
        ("uiomove", "uio(9)"), ("ioctl", "ioctl"), ("nullop", "kernel misc"), ("enodev", "kernel misc"),
        ("mem", "libkern"), ("str", "libkern"), ("bcmp", "libkern"), ("bcopy", "libkern"), ("bzero", "libkern"),
        ("ffs", "libkern"), ("crc32", "libkern"), ("hashinit", "libkern"), ("hashdone", "libkern"),
        ("__", "compiler runtime"),
    ]

    public static func subsystem(of sym: String) -> String {
        var best: (Int, String) = (0, "other")
        for (p, s) in subsystems where sym.hasPrefix(p) && p.count > best.0 { best = (p.count, s) }
        return best.1
    }

    public init(missing syms: [String], notCalled: Set<String>) {
        var m: [String: [String]] = [:]
        for s in syms.sorted() { m[PortingReport.subsystem(of: s), default: []].append(s) }
        missing = m
        self.notCalled = notCalled
    }

    public var text: String {
        if isEmpty { return "porting report: every kernel symbol the module uses is exported by the host\n" }
        var s = "porting report: \(count) kernel symbol(s) the host does not export, by subsystem\n"
        for sub in missing.keys.sorted() {
            let syms = missing[sub]!.map { notCalled.contains($0) ? "\($0)(not called: data or address)" : $0 }
            s += "  \(sub) (\(syms.count)): \(syms.joined(separator: " "))\n"
        }
        return s
    }
}
