// libsystemc refers to sc_main; ternsim drives sc_start() itself (one elaboration per
// process, see simulate.hpp), so this entry point only exists to satisfy the linker.
#include <systemc>

int sc_main(int, char*[]) { return 1; }
