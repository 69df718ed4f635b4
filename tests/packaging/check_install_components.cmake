# The install components and pkg-config, with cmake -P (docs/install.md):
#   runtime  exactly <libdir>/libtelemed.so.<version>, .so.<major> and share/doc/telemed;
#   dev      exactly the headers, .so, .a, the CMake package and telemed.pc;
# then a C consumer built with `pkg-config --libs telemed` against runtime + dev (it loads the
# installed libtelemed.so.0), and one with `pkg-config --static --libs telemed` against a tree holding
# only the archive (it needs no libtelemed at run time).
# Input: BUILD_DIR, WORK_DIR, SOURCE_DIR (the project), LIBDIR, VERSION, CONFIG (build type), CC.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
string(REGEX MATCH "^[0-9]+" major "${VERSION}")
string(TOLOWER "${CONFIG}" config)
if(config STREQUAL "")
    set(config noconfig)
endif()

foreach(component runtime dev)
    run(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/${component} --component ${component})
    tree_files(${WORK_DIR}/${component} ${component}_files)
endforeach()

set(expected_runtime ${LIBDIR}/libtelemed.so.${VERSION} ${LIBDIR}/libtelemed.so.${major}
    share/doc/telemed/LICENSE share/doc/telemed/README.md)
if(EXISTS ${SOURCE_DIR}/CHANGELOG.md)
    list(APPEND expected_runtime share/doc/telemed/CHANGELOG.md)
endif()
expect_same_files("component runtime" runtime_files expected_runtime)
file(READ_SYMLINK ${WORK_DIR}/runtime/${LIBDIR}/libtelemed.so.${major} target)
if(NOT target STREQUAL "libtelemed.so.${VERSION}")
    message(FATAL_ERROR "libtelemed.so.${major} points to ${target}")
endif()

file(GLOB headers RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/include/telemed/*.hpp)
set(cmake_dir ${LIBDIR}/cmake/telemed)
set(expected_dev include/telemed.h ${headers} ${LIBDIR}/libtelemed.so ${LIBDIR}/libtelemed.a
    ${cmake_dir}/telemedConfig.cmake ${cmake_dir}/telemedConfigVersion.cmake
    ${cmake_dir}/telemedTargets.cmake ${cmake_dir}/telemedTargets-${config}.cmake
    ${cmake_dir}/telemedStaticTargets.cmake ${cmake_dir}/telemedStaticTargets-${config}.cmake
    ${LIBDIR}/pkgconfig/telemed.pc)
expect_same_files("component dev" dev_files expected_dev)

# runtime + dev: the shared library through pkg-config.
set(prefix ${WORK_DIR}/installed)
foreach(component runtime dev)
    run(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --component ${component})
endforeach()
set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
run(COMMAND pkg-config --modversion telemed OUTPUT pc_version)
if(NOT pc_version STREQUAL VERSION)
    message(FATAL_ERROR "telemed.pc says version ${pc_version}, the build ${VERSION}")
endif()
run(COMMAND pkg-config --print-requires-private telemed OUTPUT requires)
foreach(module icu-uc icu-i18n libsodium)
    expect_contains("Requires.private" "${requires}" "${module}")
endforeach()
run(COMMAND pkg-config --libs telemed OUTPUT shared_libs)
if(shared_libs MATCHES "boost_json|date-tz|sodium|icu")
    message(FATAL_ERROR "pkg-config --libs telemed names private libraries: ${shared_libs}")
endif()
build_pkgconfig_consumer(${SOURCE_DIR}/tests/install/consumer.c ${WORK_DIR}/shared_consumer --libs)
needed_libraries(${WORK_DIR}/shared_consumer needed)
if(NOT "libtelemed.so.${major}" IN_LIST needed)
    message(FATAL_ERROR "the shared consumer does not need libtelemed.so.${major}: ${needed}")
endif()
set(ENV{LD_LIBRARY_PATH} ${prefix}/${LIBDIR})
run(COMMAND ${WORK_DIR}/shared_consumer OUTPUT said)
expect_contains("shared consumer" "${said}" "telemed ${VERSION}: SNILS valid")
unset(ENV{LD_LIBRARY_PATH})

# The archive alone (a linker given -ltelemed takes the .so when both are there): pkg-config --static
# adds Libs.private and the Requires.private modules' libraries.
file(REMOVE ${prefix}/${LIBDIR}/libtelemed.so ${prefix}/${LIBDIR}/libtelemed.so.${major}
     ${prefix}/${LIBDIR}/libtelemed.so.${VERSION})
build_pkgconfig_consumer(${SOURCE_DIR}/tests/install/consumer.c ${WORK_DIR}/static_consumer --static --libs)
needed_libraries(${WORK_DIR}/static_consumer needed)
if(needed MATCHES "libtelemed")
    message(FATAL_ERROR "the static consumer needs a shared libtelemed: ${needed}")
endif()
run(COMMAND ${WORK_DIR}/static_consumer OUTPUT said)
expect_contains("static consumer" "${said}" "telemed ${VERSION}: SNILS valid")
message(STATUS "components runtime and dev as documented; pkg-config consumers, shared and static, run")
