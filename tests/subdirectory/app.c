#include <telemed.h>

int main(void) {
    return tm_version_number() > 0 ? 0 : 1;
}
