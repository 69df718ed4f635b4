# cmake --install: the libraries, the public headers, a CMake package (find_package(telemed) →
# telemed::telemed) and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS telemed EXPORT telemedTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES capi/include/telemed.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT telemedTargets NAMESPACE telemed:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/telemed)

# The C++ tier: the static library and the C++ headers, for those who compile against them
# (find_package(telemed COMPONENTS static) → telemed::telemed_static; it needs the dependencies' -dev packages).
install(TARGETS telemed_static EXPORT telemedStaticTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/telemed DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(EXPORT telemedStaticTargets NAMESPACE telemed:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/telemed)

configure_package_config_file(cmake/telemedConfig.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/telemedConfig.cmake
    INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/telemed)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/telemedConfigVersion.cmake
    COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/telemedConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/telemedConfigVersion.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/telemed)

# The .pc file finds its prefix from where it lies, so an installed tree can be moved.
file(RELATIVE_PATH TELEMED_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" TELEMED_PC_TO_PREFIX "${TELEMED_PC_TO_PREFIX}")
configure_file(cmake/telemed.pc.in ${CMAKE_CURRENT_BINARY_DIR}/telemed.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/telemed.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
