#!/usr/bin/env bash
# Installs libdualrec into PREFIX (default /usr/local): the shared library with
# a versioned SONAME, the static library, the C and C++ headers, a pkg-config
# file and a CMake package (find_package(dualrec)). Build first:
#   cargo build --workspace --release && scripts/dev/install.sh /opt/dualrec
# DUALREC_LIB_DIR overrides where the built libraries are taken from.
set -euo pipefail
cd "$(dirname "$0")/../.."
PREFIX=${1:-/usr/local}
LIBDIR_SRC=${DUALREC_LIB_DIR:-target/release}
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR=${VERSION%%.*}
[ -f "$LIBDIR_SRC/libdualrec.so" ] || { echo "no $LIBDIR_SRC/libdualrec.so: run cargo build --workspace --release" >&2; exit 1; }

install -d "$PREFIX/lib/pkgconfig" "$PREFIX/lib/cmake/dualrec" "$PREFIX/include"
# Installed copies carry no debug info (the build tree keeps line tables for backtraces).
install -m 755 "$LIBDIR_SRC/libdualrec.so" "$PREFIX/lib/libdualrec.so.$VERSION"
strip --strip-debug "$PREFIX/lib/libdualrec.so.$VERSION"
ln -sf "libdualrec.so.$VERSION" "$PREFIX/lib/libdualrec.so.$MAJOR"
ln -sf "libdualrec.so.$MAJOR" "$PREFIX/lib/libdualrec.so"
install -m 644 "$LIBDIR_SRC/libdualrec.a" "$PREFIX/lib/libdualrec.a"
strip --strip-debug "$PREFIX/lib/libdualrec.a"
install -m 644 include/dualrec.h bindings/cpp/dualrec.hpp "$PREFIX/include/"

cat > "$PREFIX/lib/pkgconfig/dualrec.pc" <<PC
prefix=$PREFIX
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: dualrec
Description: On-device DUALRec movie recommender (C ABI)
Version: $VERSION
Libs: -L\${libdir} -ldualrec
Libs.private: -lstdc++ -lgomp -lpthread -ldl -lm -lgcc_s
Cflags: -I\${includedir}
PC

cat > "$PREFIX/lib/cmake/dualrec/dualrecConfig.cmake" <<'CM'
# CMake package for libdualrec: targets dualrec::dualrec (shared) and dualrec::dualrec_static.
get_filename_component(_dualrec_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET dualrec::dualrec)
  add_library(dualrec::dualrec SHARED IMPORTED)
  set_target_properties(dualrec::dualrec PROPERTIES
    IMPORTED_LOCATION "${_dualrec_prefix}/lib/libdualrec.so"
    IMPORTED_SONAME "libdualrec.so.@MAJOR@"
    INTERFACE_INCLUDE_DIRECTORIES "${_dualrec_prefix}/include")
  add_library(dualrec::dualrec_static STATIC IMPORTED)
  set_target_properties(dualrec::dualrec_static PROPERTIES
    IMPORTED_LOCATION "${_dualrec_prefix}/lib/libdualrec.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_dualrec_prefix}/include"
    INTERFACE_LINK_LIBRARIES "stdc++;gomp;pthread;dl;m")
endif()
set(dualrec_FOUND TRUE)
CM
sed -i "s/@MAJOR@/$MAJOR/" "$PREFIX/lib/cmake/dualrec/dualrecConfig.cmake"

cat > "$PREFIX/lib/cmake/dualrec/dualrecConfigVersion.cmake" <<CV
# Same major version (and, while 0.x, the same minor) and at least the version asked for.
set(PACKAGE_VERSION "$VERSION")
set(PACKAGE_VERSION_COMPATIBLE FALSE)
if(PACKAGE_FIND_VERSION_MAJOR EQUAL $MAJOR AND NOT PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  if($MAJOR GREATER 0 OR PACKAGE_FIND_VERSION_MINOR EQUAL $(echo "$VERSION" | cut -d. -f2))
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
  endif()
endif()
if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
  set(PACKAGE_VERSION_EXACT TRUE)
endif()
CV
echo "installed libdualrec $VERSION into $PREFIX"
