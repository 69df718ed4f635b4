# The Python package, with cmake -P (docs/install.md): the library's runtime component installed
# into a scratch prefix, bindings/python installed with pip into a fresh virtual environment with no
# index (offline, through the in-tree build backend), imported with LD_LIBRARY_PATH and no
# TELEMED_LIBRARY; then uninstalled, and installed again with --no-build-isolation. mypy checks the
# installed package when the interpreter has it.
# Input: BUILD_DIR, WORK_DIR, SOURCE_DIR (the project), LIBDIR, VERSION, PYTHON.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
set(venv ${WORK_DIR}/venv)
set(python ${venv}/bin/python)

execute_process(COMMAND ${PYTHON} -m venv ${venv} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    # Debian splits venv's pip out: python3-venv (bootstrap.sh installs it).
    message(STATUS "SKIPPED: ${PYTHON} -m venv does not work here (python3-venv?): ${err}")
    return()
endif()
run(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --component runtime)

# pip must not reach a network, nor write into the source folder.
set(ENV{PIP_NO_INDEX} 1)
set(ENV{PIP_DISABLE_PIP_VERSION_CHECK} 1)
set(ENV{PYTHONDONTWRITEBYTECODE} 1)
unset(ENV{TELEMED_LIBRARY})
unset(ENV{PYTHONPATH})
set(ENV{LD_LIBRARY_PATH} ${prefix}/${LIBDIR})

function(check_installed how)
    run(COMMAND ${python} ${CMAKE_CURRENT_LIST_DIR}/python_installed.py ${VERSION} ${prefix}
        WORKING_DIRECTORY ${WORK_DIR} OUTPUT said)
    message(STATUS "${how}: ${said}")
endfunction()

tree_files(${SOURCE_DIR}/bindings/python sources_before)
run(COMMAND ${python} -m pip install ${SOURCE_DIR}/bindings/python)
check_installed("pip install")
run(COMMAND ${python} -m pip uninstall -y telemed)
execute_process(COMMAND ${python} -c "import telemed" WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE rc
                OUTPUT_QUIET ERROR_QUIET)
if(rc EQUAL 0)
    message(FATAL_ERROR "telemed still imports after pip uninstall")
endif()
file(GLOB_RECURSE left ${venv}/lib/*/site-packages/telemed*)
if(left)
    message(FATAL_ERROR "pip uninstall left ${left}")
endif()
run(COMMAND ${python} -m pip install --no-build-isolation ${SOURCE_DIR}/bindings/python)
check_installed("pip install --no-build-isolation")

tree_files(${SOURCE_DIR}/bindings/python sources_after)
list(REMOVE_ITEM sources_after ${sources_before})
if(sources_after)
    message(FATAL_ERROR "building the package wrote into the source folder: ${sources_after}")
endif()

execute_process(COMMAND ${PYTHON} -m mypy --version RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(rc EQUAL 0)
    # The installed package (found through py.typed, PEP 561), every function annotated.
    run(COMMAND ${PYTHON} -m mypy --python-executable ${python} --no-incremental --cache-dir=/dev/null
                --disallow-untyped-defs --disallow-incomplete-defs -p telemed
        WORKING_DIRECTORY ${WORK_DIR} OUTPUT said)
    message(STATUS "mypy: ${said}")
else()
    message(STATUS "mypy is not installed: the annotations are not type-checked here")
endif()
