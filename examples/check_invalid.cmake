# ctest helper: runs validate_patient on patient_invalid.json and checks that the exit status is 1
# (invalid, not some other error) and that the report lists every planted problem, not only the first.
# cmake -DPROGRAM=... -DFILE=... -P check_invalid.cmake
execute_process(COMMAND ${PROGRAM} ${FILE} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status EQUAL 1)
    message(FATAL_ERROR "expected exit status 1 (invalid), got '${status}'")
endif()
foreach(expected
        "\"code\":\"invalid_check_digit\",\"severity\":\"error\",\"pointer\":\"/snils\""
        "\"code\":\"invalid_date\",\"severity\":\"error\",\"pointer\":\"/birth_date\""
        "\"code\":\"unknown_field\",\"severity\":\"error\",\"pointer\":\"/nickname\"")
    string(FIND "${out}" "${expected}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "the report lacks ${expected}")
    endif()
endforeach()
