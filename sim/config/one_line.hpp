#pragma once
#include <cstddef>
#include <string>

namespace ternsim {

// Errors are one line: control characters from the input (a multi-line scalar, a runaway
// quote, a raw newline quoted in a YAML parser message) are escaped, and long text is cut.
std::string one_line(const std::string& text, size_t max_chars);

}  // namespace ternsim
