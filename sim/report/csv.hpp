#pragma once
// The one CSV writer and reader (RFC 4180) behind every CSV ternsim writes (ops.csv,
// compare.csv, validation.csv, functional.csv) or reads (validate --measured).
//
// Why not libcsv (Debian libcsv-dev): the format is three rules (quote a field holding a comma,
// quote or line break; double the quotes inside; records end in LF or CRLF), and ternsim needs
// line numbers in its errors and a tolerant reader for hand-written files (BOM, blank lines, '#'
// comments, spaces around unquoted fields), which libcsv's callback API would need wrapping for
// anyway. The ~80 lines here are covered by tests/cpp/test_csv.cpp, including a round trip of
// every byte value through the writer and the reader.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ternsim {

// One field, quoted when it must be (comma, quote, CR, LF, spaces at either end, leading '#').
std::string csv_field(std::string_view s);

struct CsvRecord {
  size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Parses CSV text. A UTF-8 byte-order mark at the start is skipped; blank lines and lines whose
// first non-blank character is '#' are skipped; unquoted fields are trimmed of spaces and tabs.
// Malformed quoting throws ConfigError "file:line: ...".
std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& file);

}  // namespace ternsim
