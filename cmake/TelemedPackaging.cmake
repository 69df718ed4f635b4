# The Debian packages, made by CPack from the build tree (docs/install.md):
#
#   cpack -G DEB --config <build>/CPackConfig.cmake
#
#   libtelemed0      the shared library and /usr/share/doc/libtelemed0 (Depends from dpkg-shlibdeps)
#   libtelemed-dev   headers, libtelemed.so, libtelemed.a, the CMake package and telemed.pc
#   telemed-tools    bin/telemed, bin/telemed-conformance and the conformance vectors
#
# Packages install into /usr with the multiarch libdir (lib/x86_64-linux-gnu) whatever prefix the build
# was configured with, so their library files come from install rules of their own (components deb_*,
# left out of a plain `cmake --install`): the build's own rules follow CMAKE_INSTALL_LIBDIR, which is
# plain `lib` under /usr/local. Each package carries /usr/share/doc/<package>/copyright made from LICENSE.

set(TELEMED_PACKAGE_MAINTAINER "telemed maintainers <maintainers@telemed.invalid>"
    CACHE STRING "Maintainer field of the Debian packages")
set(telemed_deb_prefix /usr)
if(CMAKE_LIBRARY_ARCHITECTURE)
    set(telemed_deb_libdir lib/${CMAKE_LIBRARY_ARCHITECTURE})
else()
    set(telemed_deb_libdir ${CMAKE_INSTALL_LIBDIR})
endif()

# Debian's machine-readable copyright file (DEP-5), the licence being LICENSE word for word: the
# licence text indented by one space, its empty lines written " .".
function(telemed_debian_copyright output)
    file(READ ${PROJECT_SOURCE_DIR}/LICENSE license)
    string(REGEX MATCH "Copyright \\(c\\) ([^\n]*)" _ "${license}")
    set(holder "${CMAKE_MATCH_1}")
    string(REGEX REPLACE "\n+$" "" license "${license}")
    string(REPLACE "\n\n" "\n.\n" license "${license}")
    string(REPLACE "\n" "\n " license "${license}")
    file(WRITE ${output}
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: telemed\n\n"
        "Files: *\n"
        "Copyright: ${holder}\n"
        "License: Expat\n"
        " ${license}\n")
endfunction()
set(telemed_copyright ${PROJECT_BINARY_DIR}/debian/copyright)
telemed_debian_copyright(${telemed_copyright})

telemed_install_layout(LIBDIR ${telemed_deb_libdir} RUNTIME deb_runtime DEV deb_dev EXPORT telemedDeb STAGE debian
    PC_PREFIX ${telemed_deb_prefix} EXCLUDE_FROM_ALL)

# The packages' documents: /usr/share/doc/<package>/copyright, and the README and changelog once, with
# the library.
install(FILES ${telemed_copyright} DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/libtelemed0
    COMPONENT deb_runtime EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/libtelemed0
    COMPONENT deb_runtime EXCLUDE_FROM_ALL)
if(EXISTS ${PROJECT_SOURCE_DIR}/CHANGELOG.md)
    install(FILES ${PROJECT_SOURCE_DIR}/CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/libtelemed0
        COMPONENT deb_runtime EXCLUDE_FROM_ALL)
endif()
install(FILES ${telemed_copyright} DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/libtelemed-dev
    COMPONENT deb_dev EXCLUDE_FROM_ALL)
install(FILES ${telemed_copyright} DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/telemed-tools
    COMPONENT deb_tools_doc EXCLUDE_FROM_ALL)

# One package per group: runtime, dev and tools (the tools component of src/cli and tests/conformance,
# with its copyright file).
set(CPACK_COMPONENTS_ALL deb_runtime deb_dev)
set(CPACK_COMPONENT_DEB_RUNTIME_GROUP runtime)
set(CPACK_COMPONENT_DEB_DEV_GROUP dev)
if(TELEMED_BUILD_TOOLS)
    list(APPEND CPACK_COMPONENTS_ALL tools deb_tools_doc)
    set(CPACK_COMPONENT_TOOLS_GROUP tools)
    set(CPACK_COMPONENT_DEB_TOOLS_DOC_GROUP tools)
endif()
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME telemed)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The telemed authors")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX ${telemed_deb_prefix})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TELEMED_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Stripped as Debian ships them: the shared library and the programs here, the debug information of
# libtelemed.a by its install rule (TelemedInstall.cmake).
set(CPACK_STRIP_FILES ON)
# The tools find libtelemed.so.0 in the build tree; --ignore-missing-info (CPack's) lets it go
# without a shlibs entry, and telemed-tools names libtelemed0 itself.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/capi)
set(telemed_deb_exact "(= ${PROJECT_VERSION})")
# Each description: its own synopsis line, then the text all three share (CPack prepends nothing while
# CPACK_PACKAGE_DESCRIPTION_SUMMARY is left unset).
set(telemed_deb_synopsis "Russian telemedicine rules behind a stable C ABI")
string(CONCAT telemed_deb_about
    "telemed holds the rules of Russian doctor-patient telemedicine: patients\n"
    "and their identifiers (СНИЛС, ЕНП), remote-consultation eligibility,\n"
    "electronic sick-leave certificates (ЭЛН), home-device readings and\n"
    "consultations with signed protocols.\n")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libtelemed0)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
# Dates are computed with the operating system's tz database, read at run time.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "tzdata")
# Programs built against the library depend on libtelemed0 (>= the version they were built with).
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
string(CONCAT CPACK_DEBIAN_RUNTIME_DESCRIPTION
    "${telemed_deb_synopsis} - shared library\n${telemed_deb_about}\n"
    "This package holds the shared library libtelemed.so.0.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libtelemed-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
# The static library (pkg-config --static, find_package(telemed COMPONENTS static)) needs the
# dependencies' development packages and pkg-config.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libtelemed0 ${telemed_deb_exact}, libboost-json1.81-dev, libhowardhinnant-date-dev, libicu-dev, libsodium-dev, pkg-config")
string(CONCAT CPACK_DEBIAN_DEV_DESCRIPTION
    "${telemed_deb_synopsis} - development files\n${telemed_deb_about}\n"
    "This package holds the C header telemed.h, the C++ headers, the static\n"
    "library, the CMake package (find_package(telemed)) and telemed.pc.")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME telemed-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOLS_PACKAGE_DEPENDS "libtelemed0 ${telemed_deb_exact}")
string(CONCAT CPACK_DEBIAN_TOOLS_DESCRIPTION
    "${telemed_deb_synopsis} - programs\n${telemed_deb_about}\n"
    "This package holds the telemed command and the conformance harness\n"
    "telemed-conformance with the conformance vectors.")

# `make package_source` is not how telemed is distributed; keep build trees and VCS data out anyway.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/node_modules/" "__pycache__")

include(CPack)
