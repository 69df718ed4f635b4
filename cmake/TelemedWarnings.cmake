# Warnings in the project's own code. They become errors only with TELEMED_WERROR, which the
# project's presets and CI turn on; a consumer that adds the project as a subdirectory or builds it
# plainly gets the warnings without the errors, so a newer compiler's new warning cannot break
# their build. Dependencies come in as system headers.
option(TELEMED_WERROR "Treat warnings in telemed's own code as errors (on in the presets and CI)" OFF)

function(telemed_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow)
    if(TELEMED_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
