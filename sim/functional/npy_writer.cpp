#include "sim/functional/npy_writer.hpp"


#include "sim/report/atomic_output.hpp"

namespace ternsim::functional {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the .npy data is written as the host's bytes, declared '<'");

std::string npy_header(const std::string& descr, const std::vector<uint64_t>& shape) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i) dict += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
  dict += "), }";
  // A 1-tuple needs its trailing comma: (5,)
  const size_t fixed = 10;  // magic(6) + version(2) + length(2)
  size_t total = fixed + dict.size() + 1;
  size_t pad = (64 - total % 64) % 64;
  dict.append(pad, ' ');
  dict += '\n';
  std::string h("\x93NUMPY\x01\x00", 8);
  const uint16_t len = static_cast<uint16_t>(dict.size());
  h += static_cast<char>(len & 0xff);
  h += static_cast<char>(len >> 8);
  return h + dict;
}

namespace {

template <class T>
void write_raw(const std::string& path, const char* descr, const std::vector<T>& data, const std::vector<uint64_t>& shape) {
  std::string bytes = npy_header(descr, shape);
  bytes.append(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(T));
  write_file_atomic(path, bytes);
}

}  // namespace

void write_npy(const std::string& p, const std::vector<int8_t>& d, const std::vector<uint64_t>& s) { write_raw(p, "|i1", d, s); }
void write_npy(const std::string& p, const std::vector<int16_t>& d, const std::vector<uint64_t>& s) { write_raw(p, "<i2", d, s); }
void write_npy(const std::string& p, const std::vector<int64_t>& d, const std::vector<uint64_t>& s) { write_raw(p, "<i8", d, s); }
void write_npy(const std::string& p, const std::vector<float>& d, const std::vector<uint64_t>& s) { write_raw(p, "<f4", d, s); }

}  // namespace ternsim::functional
