# cmake --install: the libraries, the public headers, a CMake package (find_package(telemed) →
# telemed::telemed), a pkg-config file and the documents (docs/install.md).
#
# Install components:
#   runtime  lib/libtelemed.so.0.MINOR.PATCH, lib/libtelemed.so.0, share/doc/telemed (LICENSE, README.md,
#            CHANGELOG.md): what a program linked against the library needs;
#   dev      include/telemed.h, include/telemed/*.hpp, lib/libtelemed.so, lib/libtelemed.a,
#            lib/cmake/telemed, lib/pkgconfig/telemed.pc: what a build against it needs;
#   tools    bin/telemed, bin/telemed-conformance, share/telemed/conformance (installed by src/cli and
#            tests/conformance).
# `lib` is CMAKE_INSTALL_LIBDIR. The Debian packages get the same files again under the multiarch
# libdir, in components of their own (TelemedPackaging.cmake).
include(CMakePackageConfigHelpers)

# The libraries the static library needs and that have no .pc file on Debian (Boost.JSON, date), then
# the C++ runtime a C program linking it must add; ICU and libsodium come through Requires.private.
set(TELEMED_PC_LIBS_PRIVATE "-lboost_json -ldate-tz -lstdc++ -lm -lpthread")
set(TELEMED_PC_REQUIRES_PRIVATE "icu-uc icu-i18n libsodium")

set(telemed_doc_files ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md)
# The changelog is written beside the code; a tree without it still installs.
if(EXISTS ${PROJECT_SOURCE_DIR}/CHANGELOG.md)
    list(APPEND telemed_doc_files ${PROJECT_SOURCE_DIR}/CHANGELOG.md)
endif()

# Installs the libraries, headers, CMake package and .pc file with the libdir LIBDIR: the shared
# library's files in the component RUNTIME, the rest in DEV. EXPORT prefixes the export sets' names,
# STAGE is the build-tree folder of the generated files, PC_PREFIX the .pc file's prefix (none: relative
# to the file itself, so an installed tree can be moved). EXCLUDE_FROM_ALL keeps the rules out of a
# plain `cmake --install` (the packages' own layout).
function(telemed_install_layout)
    cmake_parse_arguments(PARSE_ARGV 0 arg "EXCLUDE_FROM_ALL" "LIBDIR;RUNTIME;DEV;EXPORT;STAGE;PC_PREFIX" "")
    set(exclude)
    if(arg_EXCLUDE_FROM_ALL)
        set(exclude EXCLUDE_FROM_ALL)
    endif()
    set(cmake_dir ${arg_LIBDIR}/cmake/telemed)

    install(TARGETS telemed EXPORT ${arg_EXPORT}Targets
        LIBRARY DESTINATION ${arg_LIBDIR} COMPONENT ${arg_RUNTIME} NAMELINK_COMPONENT ${arg_DEV}
        ARCHIVE DESTINATION ${arg_LIBDIR} COMPONENT ${arg_DEV}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT ${arg_RUNTIME}
        ${exclude})
    install(FILES ${PROJECT_SOURCE_DIR}/capi/include/telemed.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT ${arg_DEV} ${exclude})
    install(EXPORT ${arg_EXPORT}Targets FILE telemedTargets.cmake NAMESPACE telemed::
        DESTINATION ${cmake_dir} COMPONENT ${arg_DEV} ${exclude})

    # The C++ tier: the static library and the C++ headers, for those who compile against them
    # (find_package(telemed COMPONENTS static) → telemed::telemed_static; it needs the dependencies'
    # -dev packages).
    install(TARGETS telemed_static EXPORT ${arg_EXPORT}StaticTargets
        ARCHIVE DESTINATION ${arg_LIBDIR} COMPONENT ${arg_DEV} ${exclude})
    # `cmake --install --strip` (and CPack's CPACK_STRIP_FILES) strips the shared library and the
    # programs; the static library keeps its symbols and loses only its debug information.
    if(CMAKE_STRIP)
        install(CODE "
            set(archive \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${arg_LIBDIR}/$<TARGET_FILE_NAME:telemed_static>\")
            if(CMAKE_INSTALL_DO_STRIP AND EXISTS \"\${archive}\")
                execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug \"\${archive}\" COMMAND_ERROR_IS_FATAL ANY)
            endif()" COMPONENT ${arg_DEV} ${exclude})
    endif()
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/telemed DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT ${arg_DEV} ${exclude} FILES_MATCHING PATTERN "*.hpp")
    install(EXPORT ${arg_EXPORT}StaticTargets FILE telemedStaticTargets.cmake NAMESPACE telemed::
        DESTINATION ${cmake_dir} COMPONENT ${arg_DEV} ${exclude})

    set(stage ${PROJECT_BINARY_DIR}/${arg_STAGE})
    configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/telemedConfig.cmake.in
        ${stage}/telemedConfig.cmake INSTALL_DESTINATION ${cmake_dir})
    write_basic_package_version_file(${stage}/telemedConfigVersion.cmake
        VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
    install(FILES ${stage}/telemedConfig.cmake ${stage}/telemedConfigVersion.cmake
        DESTINATION ${cmake_dir} COMPONENT ${arg_DEV} ${exclude})

    if(arg_PC_PREFIX)
        set(TELEMED_PC_PREFIX ${arg_PC_PREFIX})
    else()
        file(RELATIVE_PATH to_prefix /${arg_LIBDIR}/pkgconfig /)
        string(REGEX REPLACE "/$" "" to_prefix "${to_prefix}")
        set(TELEMED_PC_PREFIX "\${pcfiledir}/${to_prefix}")
    endif()
    set(TELEMED_PC_LIBDIR ${arg_LIBDIR})
    configure_file(${PROJECT_SOURCE_DIR}/cmake/telemed.pc.in ${stage}/telemed.pc @ONLY)
    install(FILES ${stage}/telemed.pc DESTINATION ${arg_LIBDIR}/pkgconfig COMPONENT ${arg_DEV} ${exclude})
endfunction()

telemed_install_layout(LIBDIR ${CMAKE_INSTALL_LIBDIR} RUNTIME runtime DEV dev EXPORT telemed STAGE .)
install(FILES ${telemed_doc_files} DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)

include(${CMAKE_CURRENT_LIST_DIR}/TelemedPackaging.cmake)
