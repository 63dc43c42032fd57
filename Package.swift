// swift-tools-version:6.0
import PackageDescription

/// How kernel code is compiled: the personality, its C tests and driver modules see only the shim's
/// NetBSD headers (include/kernel), the compiler's freestanding headers, and a NetBSD target.
let kernelInclude = Context.packageDirectory + "/CNetBSDShim/include/kernel"
let kernelCFlags: [CSetting] = [
    .define("_KERNEL"), .define("__NetBSD__"),
    .unsafeFlags(["-ffreestanding", "-nostdlibinc", "-I", kernelInclude,
                  "-U__linux__", "-U__gnu_linux__", "-Ulinux", "-fno-strict-aliasing", "-fno-common",
                  "-Wall", "-Wno-unused-function"]),
    // -O3 unswitches register-access loops on the handle's kind (machine/bus_funcs.h); debug stays -O0.
    .unsafeFlags(["-O3"], .when(configuration: .release)),
]

let package = Package(
    name: "nbshim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nbshim", targets: ["nbshim"]),
        .library(name: "NBHost", targets: ["NBHost"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // The C kernel personality. include/module.modulemap exposes only the hypercall contract and
        // the register accessors to Swift; the NetBSD headers live in include/kernel.
        // Its sources are laid out as NetBSD's sys/ (kern, net, dev/pci, arch/x86, ...); private
        // headers shared across those folders are named from the target's root.
        .target(name: "CNetBSDShim", path: "CNetBSDShim", cSettings: kernelCFlags + [.headerSearchPath(".")],
                linkerSettings: [.linkedLibrary("bsd")]),   // libbsd-dev: strlcpy, strlcat
        // What host and sandbox share over swift-system: the one-line error shape, the stop pipe.
        .target(name: "NBSystem", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
        // PCI as Linux shows it: addresses, sysfs, config space, driver binding.
        .target(name: "NBPCI", dependencies: ["NBSystem", .product(name: "SystemPackage", package: "swift-system")]),
        // Linux's vfio UAPI for Swift: hosted C (glibc, linux-libc-dev), never linked into kernel code.
        .target(name: "CLinuxVFIO"),
        // Host backends (uio, vfio), DMA memory, and the hypercalls.
        .target(name: "NBHost", dependencies: ["NBSystem", "NBPCI", "CNetBSDShim", "CLinuxVFIO",
                                               .product(name: "SystemPackage", package: "swift-system")]),
        // In-process device models (QEMU's edu, an RTL8139) behind the same HostDevice protocol:
        // fixtures that imitate hardware, for tests without a VM.
        .target(name: "NBModels", dependencies: ["NBPCI", "NBHost"]),
        // Our NetBSD-style driver for QEMU's edu device, built into nbshim.
        .target(name: "EduDriver", dependencies: ["CNetBSDShim"], path: "Drivers/edu", publicHeadersPath: ".",
                cSettings: kernelCFlags),
        // Our NetBSD-style driver for Realtek 8139 NICs (QEMU's rtl8139), built into nbshim.
        .target(name: "RtnDriver", dependencies: ["CNetBSDShim"], path: "Drivers/rtn", publicHeadersPath: ".",
                cSettings: kernelCFlags),
        // Micro-benchmarks in kernel C, run by `nbshim bench`.
        .target(name: "CBench", dependencies: ["CNetBSDShim"], path: "Benchmarks/CBench", cSettings: kernelCFlags),
        // Throwaway QEMU guests for tests and demos.
        .target(name: "NBSandbox", dependencies: ["NBSystem", .product(name: "SystemPackage", package: "swift-system")]),
        // `nbshim build`: config(1) for one driver module, compiler driver and porting report.
        .target(name: "NBBuild"),
        .executableTarget(name: "nbshim", dependencies: [
            "NBPCI", "NBHost", "NBModels", "NBSandbox", "NBBuild", "EduDriver", "RtnDriver", "CBench",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic"])]),
        .testTarget(name: "NBPCITests", dependencies: ["NBPCI"]),
        .testTarget(name: "NBHostTests", dependencies: ["NBHost", "NBModels", "NBPCI"]),
        .testTarget(name: "NBSandboxTests", dependencies: ["NBSandbox"]),
        .testTarget(name: "NBBuildTests", dependencies: ["NBBuild"]),
        // Kernel-side tests, written in C against the NetBSD API and run from NBKernelTests.
        // They also see the personality's private headers ("kern/sync_private.h"), which driver
        // modules do not.
        .target(name: "CKernelTests", dependencies: ["CNetBSDShim"], path: "Tests/CKernelTests",
                cSettings: kernelCFlags + [.unsafeFlags(["-I", Context.packageDirectory + "/CNetBSDShim"])]),
        .testTarget(name: "NBKernelTests", dependencies: ["CKernelTests", "NBHost", "NBModels", "EduDriver", "RtnDriver"]),
    ],
    swiftLanguageModes: [.v5]
)
