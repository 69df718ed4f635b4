# Helpers of the packaging checks (cmake -P scripts in this folder).
cmake_minimum_required(VERSION 3.25)

# Runs a command; fails with its output unless it exits 0. OUTPUT <var> keeps its standard output.
function(run)
    cmake_parse_arguments(PARSE_ARGV 0 arg "" "OUTPUT;WORKING_DIRECTORY" "COMMAND")
    set(where)
    if(arg_WORKING_DIRECTORY)
        set(where WORKING_DIRECTORY ${arg_WORKING_DIRECTORY})
    endif()
    execute_process(COMMAND ${arg_COMMAND} ${where} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        list(JOIN arg_COMMAND " " text)
        message(FATAL_ERROR "failed (${rc}): ${text}\n${out}${err}")
    endif()
    if(arg_OUTPUT)
        string(STRIP "${out}" out)
        set(${arg_OUTPUT} "${out}" PARENT_SCOPE)
    endif()
endfunction()

# The files and symbolic links under `dir`, relative to it and sorted (directories left out).
function(tree_files dir out)
    file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE ${dir} ${dir}/*)
    list(SORT files)
    set(${out} ${files} PARENT_SCOPE)
endfunction()

# Fails unless the lists named `actual_list` and `expected_list` hold the same items.
function(expect_same_files what actual_list expected_list)
    set(missing ${${expected_list}})
    list(REMOVE_ITEM missing ${${actual_list}})
    set(extra ${${actual_list}})
    list(REMOVE_ITEM extra ${${expected_list}})
    if(missing OR extra)
        list(JOIN missing "\n    " missing)
        list(JOIN extra "\n    " extra)
        message(FATAL_ERROR "${what}:\n  missing:\n    ${missing}\n  unexpected:\n    ${extra}")
    endif()
endfunction()

# Fails unless `haystack` contains `needle`.
function(expect_contains what haystack needle)
    string(FIND "${haystack}" "${needle}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${what}: '${needle}' not found in:\n${haystack}")
    endif()
endfunction()

# The shared libraries `program` needs (readelf -d: its NEEDED entries).
function(needed_libraries program out)
    run(COMMAND readelf -d ${program} OUTPUT dynamic)
    string(REGEX MATCHALL "Shared library: \\[[^]]+\\]" entries "${dynamic}")
    string(REGEX REPLACE "Shared library: \\[([^]]+)\\]" "\\1" entries "${entries}")
    set(${out} ${entries} PARENT_SCOPE)
endfunction()

# Builds the C consumer `consumer` (tests/install/consumer.c) into `program` with the flags of
# `pkg-config --cflags <the further arguments> telemed` (--libs, or --static --libs); the environment
# (PKG_CONFIG_PATH, ...) is the caller's.
function(build_pkgconfig_consumer consumer program)
    run(COMMAND pkg-config --cflags ${ARGN} telemed OUTPUT flags)
    separate_arguments(flags UNIX_COMMAND "${flags}")
    run(COMMAND ${CC} -std=c99 -Wall -Wextra -pedantic -Werror ${consumer} ${flags} -o ${program})
endfunction()
