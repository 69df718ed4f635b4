// telemed.h must compile alone as C++ (here C++11) with -Wall -Wextra -pedantic -Werror, and link.
#include "telemed.h"

int main() {
    tm_context_options options;
    const int rc = tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    return (rc == TM_OK && tm_version_number() == TM_VERSION_NUMBER) ? 0 : 1;
}
