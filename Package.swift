// swift-tools-version:6.0
import PackageDescription

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
        // C kernel personality. Its include/module.modulemap exposes only what Swift may import.
        .target(name: "CNetBSDShim", path: "CNetBSDShim"),
        // PCI as Linux shows it: addresses, sysfs, config space, driver binding.
        .target(name: "NBPCI", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
        // Host backends (uio now; vfio and device models later) and DMA memory.
        .target(name: "NBHost", dependencies: ["NBPCI", "CNetBSDShim",
                                               .product(name: "SystemPackage", package: "swift-system")]),
        // Throwaway QEMU guests for tests and demos.
        .target(name: "NBSandbox"),
        .executableTarget(name: "nbshim", dependencies: [
            "NBPCI", "NBHost", "NBSandbox",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "NBPCITests", dependencies: ["NBPCI"]),
        .testTarget(name: "NBHostTests", dependencies: ["NBHost", "NBPCI"]),
        .testTarget(name: "NBSandboxTests", dependencies: ["NBSandbox"]),
    ],
    swiftLanguageModes: [.v5]
)
