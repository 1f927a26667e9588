// swift-tools-version:5.7
// SwiftPM package over libdualrec's C header. Install the library first
// (scripts/dev/install.sh PREFIX) so that pkg-config finds dualrec.pc.
import PackageDescription

let package = Package(
    name: "DualRec",
    products: [.library(name: "DualRec", targets: ["DualRec"])],
    targets: [
        .systemLibrary(name: "CDualrec", path: "Sources/CDualrec", pkgConfig: "dualrec"),
        .target(name: "DualRec", dependencies: ["CDualrec"]),
        .testTarget(name: "DualRecTests", dependencies: ["DualRec"]),
    ]
)
