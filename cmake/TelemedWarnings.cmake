# Warnings are errors in the project's own code. Dependencies come in as system headers.
function(telemed_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Werror)
endfunction()
