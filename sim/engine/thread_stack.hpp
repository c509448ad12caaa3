#pragma once
// SystemC 2.3 runs each SC_THREAD on its own coroutine stack of 64 KiB by default. That is
// enough for the release build but not for AddressSanitizer, whose redzones and fake frames
// overflow it (a SEGV writing past the stack). Every SC_THREAD of ours asks for this size;
// it is virtual memory, touched only as deep as a thread really goes.
#include <cstddef>

namespace ternsim {
constexpr std::size_t kThreadStackBytes = std::size_t(1) << 20;
}  // namespace ternsim
