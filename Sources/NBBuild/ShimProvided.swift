/// The one place that says what the shim itself is, in the terms of a tree's files.*: which
/// names count as already selected in the "kernel" a module is loaded into. A module's files are
/// those whose conditions hold with the module's devices selected but not with these alone; so
/// files with no condition (the kernel core), `pci` (the PCI bus code) or `ether` (the network
/// core) are never compiled into a module, and what they would have defined is either in the
/// personality or listed by the porting report, except the tree's `libraries`.
public enum ShimProvided {
    /// Read from a NetBSD tree's sys/, in order: the machine-independent files, then what a port's
    /// files.<machine> includes for the buses the shim offers.
    public static let netbsdFiles = ["conf/files", "dev/ata/files.ata", "dev/scsipi/files.scsipi", "dev/i2o/files.i2o",
                                     "dev/pci/files.pci", "dev/pci/files.agp", "dev/usb/files.usb",
                                     "dev/sdmmc/files.sdmmc"]

    /// Read from a tree of our own (Drivers/): it declares what it needs itself.
    public static let ownTreeFiles = ["conf/files.nbshim"]

    /// Devices the personality creates and drivers attach below: the PCI bus (`pci0`, cfdriver
    /// "pci", offering interface attribute `pci`), made by nbk_pci_attach.
    public static let devices = ["pci"]

    /// Attributes and options the personality implements (or will: the porting report lists the
    /// symbols still missing). Lower case, as conditions compare.
    public static let attributes = [
        "kern",                     // kern/files.kern: the kernel core (autoconf, kmem, callout, ...)
        "pcibus",                   // what `pci` attaches at
        "firmload",                 // firmware_open & co (subr_firmload.c)
        "ether", "arp", "net",      // the network core: if_ethersubr, arp, ifnet
    ]

    /// Parts of those always-present files that the shim does not reproduce because the tree's
    /// own code is plain computation with no kernel state: a module links the ones that define a
    /// symbol it needs and the host lacks, as a linker takes members from a static library.
    /// Directory prefixes under sys/.
    public static let libraries = [
        "crypto/rijndael/",         // AES (net80211's CCMP)
        "crypto/arc4/",             // RC4
    ]
}
