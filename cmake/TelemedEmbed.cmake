# Compiles data files (rule sets, message catalogues) into the library as byte arrays, so the
# library needs no files at run time. Each file becomes `telemed::embedded::<symbol>` (std::string_view).
function(telemed_embed output_cpp)
    set(inputs ${ARGN})
    add_custom_command(
        OUTPUT ${output_cpp}
        COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output_cpp} "-DINPUTS=${inputs}"
                -P ${PROJECT_SOURCE_DIR}/cmake/TelemedEmbedScript.cmake
        DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/TelemedEmbedScript.cmake
        COMMENT "Embedding rule-set and catalogue data"
        VERBATIM)
endfunction()
