# The shared library's exported symbols against the public header (docs/versioning.md), with
# cmake -P:
#
#   -DLIBRARY=<libtelemed.so> [-DHEADER=<telemed.h>]   the check
#   -DSELF_TEST=ON -DLIBRARY=... -DCC=<C compiler> -DWORK_DIR=<dir>   proof that the check can fail
#
# The check fails unless
#   - every function declared in the header (TM_EXTERN) is exported, and nothing else is: a function
#     added to telemed.h but forgotten in capi/telemed.map is not exported (the map lists names, and
#     `local: *` hides the rest);
#   - every exported symbol carries a version node TELEMED_<MAJOR> or TELEMED_<MAJOR>.<MINOR>, no newer
#     than the header's version, as its default version (@@);
#   - tm_call and tm_operation_list are in TELEMED_0.4, the node of the version that added them, and
#     everything released up to 0.3.0 stays in TELEMED_0 (the ABI baseline, tests/abi, pins each one).
# The version nodes themselves are absolute symbols (type A) and are skipped.
cmake_minimum_required(VERSION 3.25)

if(NOT HEADER)
    set(HEADER ${CMAKE_CURRENT_LIST_DIR}/../capi/include/telemed.h)
endif()
set(pinned_nodes "tm_call=TELEMED_0.4" "tm_operation_list=TELEMED_0.4")

# The text of `file` with its C comments removed (a commented-out or documented declaration is not one).
function(read_without_comments file out)
    file(READ ${file} text)
    set(result "")
    while(TRUE)
        string(FIND "${text}" "/*" start)
        if(start EQUAL -1)
            break()
        endif()
        string(SUBSTRING "${text}" 0 ${start} before)
        string(APPEND result "${before}")
        math(EXPR after_open "${start} + 2")
        string(SUBSTRING "${text}" ${after_open} -1 text)
        string(FIND "${text}" "*/" end)
        if(end EQUAL -1)
            message(FATAL_ERROR "${file}: unterminated comment")
        endif()
        math(EXPR after_close "${end} + 2")
        string(SUBSTRING "${text}" ${after_close} -1 text)
    endwhile()
    string(REGEX REPLACE "//[^\n]*" "" result "${result}${text}")
    set(${out} "${result}" PARENT_SCOPE)
endfunction()

# The functions `header` declares with TM_EXTERN, and its MAJOR and MINOR version.
function(header_functions header out_names out_major out_minor)
    read_without_comments(${header} text)
    string(REGEX MATCHALL "TM_EXTERN\\([^)]*\\)[ \t\r\n*]*tm_[a-z0-9_]+[ \t\r\n]*\\(" declarations "${text}")
    set(names "")
    foreach(declaration IN LISTS declarations)
        string(REGEX MATCH "(tm_[a-z0-9_]+)[ \t\r\n]*\\($" _ "${declaration}")
        list(APPEND names ${CMAKE_MATCH_1})
    endforeach()
    list(REMOVE_DUPLICATES names)
    string(REGEX MATCH "#define TM_VERSION_MAJOR ([0-9]+)" _ "${text}")
    set(${out_major} ${CMAKE_MATCH_1} PARENT_SCOPE)
    string(REGEX MATCH "#define TM_VERSION_MINOR ([0-9]+)" _ "${text}")
    set(${out_minor} ${CMAKE_MATCH_1} PARENT_SCOPE)
    set(${out_names} ${names} PARENT_SCOPE)
endfunction()

# Appends `message` to the list `errors` of the calling function (a macro, so it sees that scope).
macro(fail_with message)
    list(APPEND errors "${message}")
endmacro()

# Checks `library` against `header`; every failure is reported, then one FATAL_ERROR.
function(check_symbols library header)
    header_functions(${header} declared major minor)
    list(LENGTH declared declared_count)
    if(declared_count LESS 10 OR major STREQUAL "" OR minor STREQUAL "")
        message(FATAL_ERROR "${header}: found ${declared_count} functions and version '${major}.${minor}': not the header")
    endif()
    execute_process(COMMAND nm -D --defined-only ${library} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "nm failed on ${library}")
    endif()

    set(errors "")
    set(exported "")
    string(REPLACE "\n" ";" lines "${symbols}")
    foreach(line IN LISTS lines)
        if(NOT line MATCHES "^[0-9a-fA-F]* *([A-Za-z]) ([^ ]+)$")
            continue()
        endif()
        set(type ${CMAKE_MATCH_1})
        set(symbol ${CMAKE_MATCH_2})
        if(type STREQUAL "A")
            continue()
        endif()
        # name@@NODE is the default version, name@NODE an older one kept beside it. (CMake keeps
        # the groups of an earlier match that a later one leaves unmatched, so each form has its
        # own regex.)
        set(node "")
        set(default_version FALSE)
        if(symbol MATCHES "^([^@]+)@@(.+)$")
            set(default_version TRUE)
            set(name ${CMAKE_MATCH_1})
            set(node ${CMAKE_MATCH_2})
        elseif(symbol MATCHES "^([^@]+)@(.+)$")
            set(name ${CMAKE_MATCH_1})
            set(node ${CMAKE_MATCH_2})
        else()
            set(name ${symbol})
        endif()
        if(NOT name MATCHES "^tm_")
            fail_with("exported symbol without the tm_ prefix: ${symbol}")
            continue()
        endif()
        if(node STREQUAL "")
            fail_with("${name} has no version node (capi/telemed.map)")
        elseif(NOT default_version)
            fail_with("${symbol} is not the default version of ${name}")
        elseif(node MATCHES "^TELEMED_${major}\\.([0-9]+)$")
            if(CMAKE_MATCH_1 GREATER minor)
                fail_with("${symbol}: node ${node} is newer than the header's ${major}.${minor}")
            endif()
        elseif(NOT node STREQUAL "TELEMED_${major}")
            fail_with("${symbol}: node ${node} is not TELEMED_${major} or TELEMED_${major}.<minor>")
        endif()
        foreach(pin IN LISTS pinned_nodes)
            if(pin MATCHES "^${name}=(.*)$" AND NOT node STREQUAL CMAKE_MATCH_1)
                fail_with("${name} must be ${name}@@${CMAKE_MATCH_1}, the node of the version that added it, not ${symbol}")
            endif()
        endforeach()
        list(APPEND exported ${name})
    endforeach()

    foreach(name IN LISTS declared)
        if(NOT name IN_LIST exported)
            fail_with("${name} is declared in telemed.h but not exported: add it to its version's node in capi/telemed.map")
        endif()
    endforeach()
    foreach(name IN LISTS exported)
        if(NOT name IN_LIST declared)
            fail_with("${name} is exported but not declared in telemed.h")
        endif()
    endforeach()

    if(errors)
        list(JOIN errors "\n  " text)
        message(FATAL_ERROR "${library}:\n  ${text}")
    endif()
    list(LENGTH exported count)
    message(STATUS "${count} exported symbols: the functions of telemed.h, each in its version node")
endfunction()

# --- Self-test: a stand-in library with a function for every declaration, linked with a version
# script, is checked as the real one would be; each broken variant must fail with its message.

# Builds `name`.so from a C file defining every function of the header (plus `extra`) with `map`.
function(build_stand_in name map extra out)
    header_functions(${HEADER} declared major minor)
    set(source "")
    foreach(function IN LISTS declared extra)
        string(APPEND source "__attribute__((visibility(\"default\"))) void ${function}(void) {}\n")
    endforeach()
    file(WRITE ${WORK_DIR}/${name}.c "${source}")
    file(WRITE ${WORK_DIR}/${name}.map "${map}")
    execute_process(COMMAND ${CC} -shared -fPIC -fvisibility=hidden -o ${WORK_DIR}/lib${name}.so ${WORK_DIR}/${name}.c
                            -Wl,--version-script=${WORK_DIR}/${name}.map
                    RESULT_VARIABLE rc ERROR_VARIABLE error)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "self-test: building ${name} failed: ${error}")
    endif()
    set(${out} ${WORK_DIR}/lib${name}.so PARENT_SCOPE)
endfunction()

# Runs the check on `library` (and `header`) in a child cmake; it must fail saying `expected`.
function(expect_failure what library header expected)
    execute_process(COMMAND ${CMAKE_COMMAND} -DLIBRARY=${library} -DHEADER=${header} -P ${CMAKE_CURRENT_LIST_FILE}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(rc EQUAL 0)
        message(FATAL_ERROR "self-test: the check passed ${what}")
    endif()
    string(FIND "${out}${err}" "${expected}" found)
    if(found EQUAL -1)
        message(FATAL_ERROR "self-test: ${what}: the failure does not say '${expected}':\n${out}${err}")
    endif()
    message(STATUS "caught: ${what}")
endfunction()

if(SELF_TEST)
    file(REMOVE_RECURSE ${WORK_DIR})
    file(MAKE_DIRECTORY ${WORK_DIR})
    file(READ ${CMAKE_CURRENT_LIST_DIR}/../capi/telemed.map map)

    # The real map on the stand-in passes: the variants below fail for their change alone.
    build_stand_in(real "${map}" "" real)
    check_symbols(${real} ${HEADER})

    # A function declared in the header, forgotten in the map.
    file(READ ${HEADER} header_text)
    string(REPLACE "#ifdef __cplusplus\n}" "TM_EXTERN(int) tm_forgotten_in_map(void);\n#ifdef __cplusplus\n}" grown "${header_text}")
    if(grown STREQUAL header_text)
        message(FATAL_ERROR "self-test: could not add a declaration to ${HEADER}")
    endif()
    file(WRITE ${WORK_DIR}/include/telemed.h "${grown}")
    build_stand_in(forgotten "${map}" "tm_forgotten_in_map" forgotten)
    expect_failure("a function missing from the map" ${forgotten} ${WORK_DIR}/include/telemed.h
                   "tm_forgotten_in_map is declared in telemed.h but not exported")
    # The real library does not have it either.
    expect_failure("the real library against a grown header" ${LIBRARY} ${WORK_DIR}/include/telemed.h
                   "tm_forgotten_in_map is declared in telemed.h but not exported")

    # tm_call moved back into TELEMED_0.
    string(REPLACE "        tm_call;\n" "" moved "${map}")
    string(REPLACE "TELEMED_0 {\n    global:\n" "TELEMED_0 {\n    global:\n        tm_call;\n" moved "${moved}")
    build_stand_in(moved "${moved}" "" moved)
    expect_failure("tm_call in TELEMED_0" ${moved} ${HEADER} "tm_call must be tm_call@@TELEMED_0.4")

    # No version nodes at all.
    build_stand_in(unversioned "{ global: tm_*; local: *; };" "" unversioned)
    expect_failure("an anonymous version script" ${unversioned} ${HEADER} "has no version node")

    # A helper the map lets out, and a function not in the header.
    string(REPLACE "    local:\n" "        telemed_helper;\n        tm_undeclared;\n    local:\n" leaky "${map}")
    build_stand_in(leaky "${leaky}" "telemed_helper;tm_undeclared" leaky)
    expect_failure("a symbol without the tm_ prefix" ${leaky} ${HEADER} "exported symbol without the tm_ prefix: telemed_helper")
    expect_failure("a function outside the header" ${leaky} ${HEADER} "tm_undeclared is exported but not declared")

    # A node newer than the header's version.
    string(REPLACE "TELEMED_0.4 {" "TELEMED_0.9 {" future "${map}")
    build_stand_in(future "${future}" "" future)
    expect_failure("a node newer than the header" ${future} ${HEADER} "is newer than the header's")
    message(STATUS "the symbol check fails on each broken library")
    return()
endif()

check_symbols(${LIBRARY} ${HEADER})
