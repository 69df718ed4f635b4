# Configures tests/subdirectory (telemed added with add_subdirectory, TELEMED_WERROR left unset)
# and fails when any generated compile flags of telemed's targets hold -Werror.
# -DSOURCE_DIR=<telemed source> -DWORK_DIR=<scratch dir>
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/subdirectory -B ${WORK_DIR}
            -DTELEMED_SOURCE_DIR=${SOURCE_DIR} -DTELEMED_BUILD_BENCHMARKS=OFF
            -DTELEMED_BUILD_EXAMPLES=OFF -DTELEMED_BUILD_TESTS=OFF
    RESULT_VARIABLE status OUTPUT_QUIET)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "configuring a consumer that adds telemed as a subdirectory failed")
endif()
file(GLOB_RECURSE flag_files ${WORK_DIR}/telemed/*/flags.make)
list(LENGTH flag_files count)
if(count EQUAL 0)
    message(FATAL_ERROR "no flags.make under ${WORK_DIR}/telemed: nothing was checked")
endif()
foreach(f IN LISTS flag_files)
    file(READ ${f} flags)
    if(flags MATCHES "-Werror")
        message(FATAL_ERROR "${f} holds -Werror: a consumer's build must not get it")
    endif()
endforeach()
message(STATUS "no -Werror in ${count} flag files of telemed's targets")
