#pragma once
// Reading an input file (arch, workload, tech table, measured CSV) whole, safely.
//
// Inputs are read into memory before parsing, so what may be read is bounded: a directory, a
// FIFO or a device (/dev/zero, /dev/stdin) is rejected with one line before any read, and a
// regular file larger than the input limit is rejected by its size. The limit defaults to
// 256 MiB (the largest shipped workload is a few MB) and is raised with the environment
// variable TERNSIM_MAX_INPUT_BYTES.
#include <cstdint>
#include <string>

namespace ternsim {

constexpr uint64_t kDefaultMaxInputBytes = uint64_t(256) << 20;

// The limit in force: TERNSIM_MAX_INPUT_BYTES if set (a positive integer), else the default.
uint64_t max_input_bytes();

// The file's bytes, or ConfigError "path: <what went wrong>".
std::string read_input_file(const std::string& path);

}  // namespace ternsim
