#include "sim/report/csv.hpp"

#include "sim/config/config_error.hpp"

namespace ternsim {

std::string csv_field(std::string_view s) {
  // Spaces at either end would be trimmed by the reader, and a leading '#' read as a comment.
  const bool edge_space =
      !s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '#' || s.back() == ' ' || s.back() == '\t');
  if (s.find_first_of(",\"\r\n") == std::string_view::npos && !edge_space) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& file) {
  std::vector<CsvRecord> out;
  const size_t n = text.size();
  size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  size_t line = 1;
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  auto fail = [&](size_t at, const std::string& what) {
    throw ConfigError(file + ":" + std::to_string(at) + ": " + what);
  };
  while (i < n) {
    // Blank and comment lines.
    size_t j = i;
    while (j < n && (blank(text[j]) || text[j] == '\r')) ++j;
    if (j == n || text[j] == '\n' || text[j] == '#') {
      while (j < n && text[j] != '\n') ++j;
      i = j + 1;
      ++line;
      continue;
    }
    CsvRecord rec;
    rec.line = line;
    for (;;) {
      while (i < n && blank(text[i])) ++i;
      std::string f;
      if (i < n && text[i] == '"') {
        const size_t opened = line;
        ++i;
        for (;;) {
          if (i >= n) fail(opened, "a quoted field is not closed (missing '\"')");
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              f += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n') ++line;
          f += c;
          ++i;
        }
        while (i < n && (blank(text[i]) || text[i] == '\r')) ++i;
        if (i < n && text[i] != ',' && text[i] != '\n') fail(line, "unexpected text after a closing quote");
      } else {
        const size_t start = i;
        while (i < n && text[i] != ',' && text[i] != '\n') {
          if (text[i] == '"') fail(line, "a quote inside an unquoted field (quote the whole field and double the quote)");
          ++i;
        }
        size_t end = i;
        while (end > start && (blank(text[end - 1]) || text[end - 1] == '\r')) --end;
        f.assign(text.substr(start, end - start));
      }
      rec.fields.push_back(std::move(f));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < n && text[i] == '\n') {
        ++i;
        ++line;
      }
      break;
    }
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace ternsim
