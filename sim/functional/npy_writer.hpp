#pragma once
// Minimal .npy (NumPy format version 1.0) writer: the 6-byte magic "\x93NUMPY", version
// 1.0, a little-endian uint16 header length, a Python-literal header dict
// {'descr': '<i8', 'fortran_order': False, 'shape': (m, n), } padded with spaces and a
// newline so the data starts on a 64-byte boundary, then the raw little-endian C-order data.
#include <cstdint>
#include <string>
#include <vector>

namespace ternsim::functional {

void write_npy(const std::string& path, const std::vector<int8_t>& data, const std::vector<uint64_t>& shape);
void write_npy(const std::string& path, const std::vector<int16_t>& data, const std::vector<uint64_t>& shape);
void write_npy(const std::string& path, const std::vector<int64_t>& data, const std::vector<uint64_t>& shape);
void write_npy(const std::string& path, const std::vector<float>& data, const std::vector<uint64_t>& shape);

// The header bytes (magic through padding) for a dtype descr such as "<i8".
std::string npy_header(const std::string& descr, const std::vector<uint64_t>& shape);

}  // namespace ternsim::functional
