// The entry point a fuzz_<target> program fuzzes: TELEMED_FUZZ_TARGET, set per program in
// CMakeLists.txt ("patient_validate", "context_new", ...). Everything else is in fuzz_target.cpp.
extern "C" const char telemed_fuzz_target[] = TELEMED_FUZZ_TARGET;
