#include "sim/config/yaml_block_reader.hpp"

// A single-pass reader for the block-style YAML subset that ternsim's own files use. It mirrors
// what yaml-cpp 0.7 (YAML::Load + tree_from_yaml) produces, positions included:
//   - a block map's position is its first key's, a block sequence's is its first "-",
//     a flow collection's is its opening bracket, a scalar's is its first character (the quote
//     for quoted scalars);
//   - an empty value (`key:` / bare `-`) is a null whose position is that of the next token
//     (the first character of the next non-blank, non-comment line), or (number of line
//     breaks in the text, 0) at the end of the input;
//   - a plain scalar continues on following lines indented deeper than the enclosing block
//     collection; a line break folds to one space, n blank lines to n "\n", trailing ones drop;
//   - a quoted scalar in block context may go on over following lines, at any indentation
//     (yaml-cpp folds them the same way); the workloads' notes lists use this.
// Everything it is not sure about throws Decline, and read_block_yaml() returns std::nullopt so
// the caller falls back to yaml-cpp.
#include <cctype>
#include <cstring>
#include <string_view>
#include <unordered_set>

namespace ternsim {
namespace {

struct Decline {};

[[noreturn]] void decline() { throw Decline{}; }

constexpr size_t kNpos = static_cast<size_t>(-1);
constexpr int kMaxDepth = 64;
// yaml-cpp rejects a simple key whose ':' is more than 1024 characters after its start.
constexpr size_t kMaxKeySpan = 1000;

bool is_null_word(const char* p, size_t n) {
  switch (n) {
    case 1:
      return p[0] == '~';
    case 4:
      return std::memcmp(p, "null", 4) == 0 || std::memcmp(p, "Null", 4) == 0 || std::memcmp(p, "NULL", 4) == 0;
    default:
      return false;
  }
}

// Characters that cannot start a plain scalar ('-', '?', ':' are handled separately).
bool is_indicator(char c) {
  switch (c) {
    case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*': case '!':
    case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
      return true;
    default:
      return false;
  }
}

// Rejects anything outside plain printable UTF-8 text with '\n' line breaks (tabs, CR, control
// characters, byte-order marks, Unicode line separators, malformed UTF-8). Returns the number of
// line breaks.
int check_bytes(const std::string& text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  int lines = 0;
  for (size_t i = 0; i < n;) {
    const unsigned c = s[i];
    if (c >= 0x20 && c < 0x7f) {
      ++i;
      continue;
    }
    if (c == '\n') {
      ++lines;
      ++i;
      continue;
    }
    if (c < 0x80) decline();  // control characters, tab, CR, DEL
    unsigned cp;
    size_t len;
    if (c >= 0xc2 && c <= 0xdf) {
      cp = c & 0x1f;
      len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      cp = c & 0x0f;
      len = 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      cp = c & 0x07;
      len = 4;
    } else {
      decline();
    }
    if (i + len > n) decline();
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) decline();
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff))) decline();  // overlong
    if (cp >= 0xd800 && cp <= 0xdfff) decline();                                              // surrogates
    if (cp <= 0x9f || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0xfffe || cp == 0xffff) decline();
    i += len;
  }
  return lines;
}

class BlockReader {
 public:
  explicit BlockReader(const std::string& text) : s_(text.data()), n_(text.size()) {
    eof_line_ = check_bytes(text);
  }

  TreeNode read() {
    skip_to(0, 0);
    if (eof_) decline();  // empty document: yaml-cpp's answer (a null) is left to it
    if (is_dash_line() || !plain_start(p_) || key_colon(p_) == kNpos) decline();  // root must be a map
    TreeNode root = parse_map(indent_);
    if (!eof_) decline();
    return root;
  }

 private:
  const char* s_;
  size_t n_;
  int eof_line_ = 0;
  int depth_ = 0;

  // The current significant line (or the rest of a line after "- ", seen as a line of its own).
  bool eof_ = false;
  int line_ = 0;    // 0-based line number
  int indent_ = 0;  // column of p_
  size_t bol_ = 0;  // offset of the line's first byte
  size_t p_ = 0;    // offset of the first content byte
  size_t eol_ = 0;  // offset of the line's '\n' (or n_)

  struct DepthGuard {
    explicit DepthGuard(int& d) : d_(d) {
      if (++d_ > kMaxDepth) decline();
    }
    ~DepthGuard() { --d_; }
    int& d_;
  };

  size_t line_end(size_t q) const {
    const void* nl = std::memchr(s_ + q, '\n', n_ - q);
    return nl ? static_cast<size_t>(static_cast<const char*>(nl) - s_) : n_;
  }

  size_t skip_spaces(size_t q) const {
    while (q < eol_ && s_[q] == ' ') ++q;
    return q;
  }

  int col(size_t q) const { return static_cast<int>(q - bol_); }

  // Moves to the first line at or after offset `from` (which starts line `line`) that is neither
  // blank nor a comment.
  void skip_to(size_t from, int line) {
    while (from < n_) {
      size_t q = from;
      while (q < n_ && s_[q] == ' ') ++q;
      if (q >= n_) break;
      if (s_[q] == '\n') {
        from = q + 1;
        ++line;
        continue;
      }
      const size_t e = line_end(q);
      if (s_[q] == '#') {
        from = e + 1;
        ++line;
        continue;
      }
      if (q == from && q + 3 <= n_ &&
          (std::memcmp(s_ + q, "---", 3) == 0 || std::memcmp(s_ + q, "...", 3) == 0))
        decline();  // document markers
      eof_ = false;
      line_ = line;
      bol_ = from;
      p_ = q;
      indent_ = static_cast<int>(q - from);
      eol_ = e;
      return;
    }
    eof_ = true;
    line_ = eof_line_;
    indent_ = -1;
    bol_ = p_ = eol_ = n_;
  }

  void next_line() {
    if (eol_ >= n_) {
      skip_to(n_, line_);
    } else {
      skip_to(eol_ + 1, line_ + 1);
    }
  }

  bool is_dash_line() const { return s_[p_] == '-' && (p_ + 1 == eol_ || s_[p_ + 1] == ' '); }

  // Can a plain scalar (block context) start at q?
  bool plain_start(size_t q) const {
    const char c = s_[q];
    if (is_indicator(c)) return false;
    if (c == '-' || c == '?' || c == ':') return !(q + 1 == eol_ || s_[q + 1] == ' ');
    return true;
  }

  // The ':' ending a block key starting at q on the current line, or kNpos if the line is not
  // `key:` / `key: ...`.
  size_t key_colon(size_t q) const {
    for (size_t i = q; i < eol_; ++i) {
      const char c = s_[i];
      if (c == ':' && (i + 1 == eol_ || s_[i + 1] == ' ')) return i;
      if (c == ' ' && i + 1 < eol_ && s_[i + 1] == '#') return kNpos;
    }
    return kNpos;
  }

  static TreeNode null_at(int line, int column) {
    TreeNode t;
    t.mark = {line, column};
    return t;
  }

  // After a quoted scalar or a flow collection: only spaces and a comment may follow.
  void finish_line(size_t q) {
    const size_t r = skip_spaces(q);
    if (r != eol_ && !(s_[r] == '#' && r > q)) decline();
    next_line();
  }

  // Block map whose keys sit at column `ind`; the current line is its first key.
  TreeNode parse_map(int ind) {
    DepthGuard guard(depth_);
    TreeNode m;
    m.kind = TreeNode::Kind::Map;
    m.mark = {line_, ind};
    std::string_view keys[16];  // the first keys, compared linearly; the rest go to a hash set
    size_t nkeys = 0;
    std::unordered_set<std::string_view> key_set;
    while (true) {
      if (is_dash_line() || !plain_start(p_)) decline();
      const size_t colon = key_colon(p_);
      if (colon == kNpos) decline();
      size_t ke = colon;
      while (ke > p_ && s_[ke - 1] == ' ') --ke;
      const std::string_view key(s_ + p_, ke - p_);
      if (colon - p_ > kMaxKeySpan || is_null_word(key.data(), key.size()) || key == "<<") decline();
      if (nkeys < 16) {
        for (size_t k = 0; k < nkeys; ++k)
          if (keys[k] == key) decline();  // duplicate key
        keys[nkeys++] = key;
        if (nkeys == 16) key_set.insert(keys, keys + 16);
      } else if (!key_set.insert(key).second) {
        decline();
      }
      m.entries.emplace_back();
      TreeEntry& e = m.entries.back();
      e.key.assign(key.data(), key.size());
      e.key_mark = {line_, indent_};
      e.value = value_after(colon + 1, ind, true);
      if (eof_ || indent_ < ind) break;
      if (indent_ > ind) decline();
    }
    return m;
  }

  // Block sequence whose "-" sit at column `ind`; the current line is its first entry.
  TreeNode parse_seq(int ind) {
    DepthGuard guard(depth_);
    TreeNode sq;
    sq.kind = TreeNode::Kind::Seq;
    sq.mark = {line_, ind};
    while (true) {
      const size_t after = p_ + 1;
      const size_t r = skip_spaces(after);
      if (r < eol_ && s_[r] != '#') {
        if (s_[r] == '-' && (r + 1 == eol_ || s_[r + 1] == ' ')) decline();  // "- - x"
        if (plain_start(r) && key_colon(r) != kNpos) {
          // "- key: value": a map whose keys sit at the column after "- "
          p_ = r;
          indent_ = col(r);
          sq.items.push_back(parse_map(indent_));
        } else {
          sq.items.push_back(inline_value(r, ind));
        }
      } else {
        sq.items.push_back(value_after(after, ind, false));
      }
      if (eof_ || indent_ < ind) break;
      if (indent_ > ind) decline();
      if (!is_dash_line()) break;  // a key of the map this sequence is the value of
    }
    return sq;
  }

  // The value after "key:" or "-" (q is the offset just after the indicator) in a block
  // collection at column `ind`.
  TreeNode value_after(size_t q, int ind, bool map_value) {
    const size_t r = skip_spaces(q);
    if (r < eol_ && s_[r] != '#') return inline_value(r, ind);
    next_line();
    if (eof_) return null_at(eof_line_, 0);
    if (indent_ > ind) return block_node(ind);
    if (map_value && indent_ == ind && is_dash_line()) return parse_seq(ind);
    return null_at(line_, indent_);
  }

  // A node starting on its own line, indented deeper than its parent collection at `ind`.
  TreeNode block_node(int ind) {
    if (is_dash_line()) return parse_seq(indent_);
    if (plain_start(p_) && key_colon(p_) != kNpos) return parse_map(indent_);
    return inline_value(p_, ind);
  }

  // A scalar or flow collection starting at r on the current line, inside a block collection at
  // column `ind`. Leaves the reader on the next significant line.
  TreeNode inline_value(size_t r, int ind) {
    const char c = s_[r];
    if (c == '[' || c == '{') {
      size_t end = r;
      TreeNode t = flow_node(r, &end);
      finish_line(end);
      return t;
    }
    if (c == '\'' || c == '"') {
      size_t end = r;
      TreeNode t = quoted(r, &end, true);
      finish_line(end);
      return t;
    }
    if (!plain_start(r)) decline();
    return plain_scalar(r, ind);
  }

  // A single- or double-quoted scalar starting at r. In block context (multi_line) it may go on
  // over following lines, which yaml-cpp folds like a plain scalar whatever their indentation:
  // each line's trailing spaces and the next line's leading spaces become one space. Blank lines
  // inside, and backslashes, are left to yaml-cpp.
  TreeNode quoted(size_t r, size_t* end, bool multi_line) {
    TreeNode t;
    t.kind = TreeNode::Kind::Scalar;
    t.mark = {line_, col(r)};
    const char q = s_[r];
    size_t i = r + 1;
    size_t seg = i;
    while (true) {
      if (i >= eol_) {
        // the line ends inside the quotes
        if (!multi_line || eol_ >= n_) decline();
        t.scalar.append(s_ + seg, eol_ - seg);
        while (!t.scalar.empty() && t.scalar.back() == ' ') t.scalar.pop_back();
        const size_t from = eol_ + 1;
        size_t k = from;
        while (k < n_ && s_[k] == ' ') ++k;
        if (k >= n_ || s_[k] == '\n') decline();  // blank line or end of input inside quotes
        if (k == from && k + 3 <= n_ && (std::memcmp(s_ + k, "---", 3) == 0 || std::memcmp(s_ + k, "...", 3) == 0))
          decline();
        ++line_;
        bol_ = from;
        eol_ = line_end(k);
        t.scalar.push_back(' ');
        i = seg = k;
        continue;
      }
      const char c = s_[i];
      if (c == '\\' && q == '"') decline();
      if (c != q) {
        ++i;
        continue;
      }
      t.scalar.append(s_ + seg, i - seg);
      if (q == '\'' && i + 1 < eol_ && s_[i + 1] == '\'') {
        t.scalar.push_back('\'');
        i += 2;
        seg = i;
        continue;
      }
      *end = i + 1;
      return t;
    }
  }

  // Scans one line of a plain scalar from q: returns the end of its text (trailing spaces
  // trimmed) and sets *comment if a comment ends it. ": " inside makes yaml-cpp see a key.
  size_t plain_line(size_t q, bool* comment) const {
    size_t i = q;
    *comment = false;
    for (; i < eol_; ++i) {
      const char c = s_[i];
      if (c == ':' && (i + 1 == eol_ || s_[i + 1] == ' ')) decline();
      if (c == ' ' && i + 1 < eol_ && s_[i + 1] == '#') {
        *comment = true;
        break;
      }
    }
    while (i > q && s_[i - 1] == ' ') --i;
    return i;
  }

  TreeNode plain_scalar(size_t r, int ind) {
    TreeNode t;
    t.mark = {line_, col(r)};
    bool comment = false;
    const size_t e = plain_line(r, &comment);
    t.scalar.assign(s_ + r, e - r);
    if (comment || eol_ >= n_) {
      next_line();
    } else {
      // Continuation lines: indented deeper than the enclosing collection.
      size_t from = eol_ + 1;
      int line = line_ + 1;
      int blanks = 0;
      while (from < n_) {
        size_t q = from;
        while (q < n_ && s_[q] == ' ') ++q;
        if (q >= n_) break;
        if (s_[q] == '\n') {
          ++blanks;
          from = q + 1;
          ++line;
          continue;
        }
        if (static_cast<int>(q - from) <= ind || s_[q] == '#') break;
        const char c = s_[q];
        if (is_indicator(c) || ((c == '-' || c == '?' || c == ':') && (q + 1 >= n_ || s_[q + 1] == ' ' || s_[q + 1] == '\n')))
          decline();
        bol_ = from;
        eol_ = line_end(q);
        line_ = line;
        const size_t ce = plain_line(q, &comment);
        if (blanks > 0) {
          t.scalar.append(static_cast<size_t>(blanks), '\n');
        } else {
          t.scalar.push_back(' ');
        }
        t.scalar.append(s_ + q, ce - q);
        blanks = 0;
        if (comment || eol_ >= n_) {
          from = eol_ >= n_ ? n_ : eol_ + 1;
          ++line;
          break;
        }
        from = eol_ + 1;
        ++line;
      }
      skip_to(from, line);
    }
    if (is_null_word(t.scalar.data(), t.scalar.size())) {
      t.scalar.clear();
    } else {
      t.kind = TreeNode::Kind::Scalar;
    }
    return t;
  }

  size_t skip_flow_spaces(size_t q) const {
    q = skip_spaces(q);
    if (q >= eol_) decline();  // flow collections must close on their line
    return q;
  }

  // A plain scalar inside a flow collection; stops before ',', ']', '}' (and ':' for keys).
  TreeNode flow_plain(size_t q, size_t* end, bool key) {
    const char c = s_[q];
    if (c == '-' && !(q + 1 < eol_ && (std::isalnum(static_cast<unsigned char>(s_[q + 1])) || s_[q + 1] == '.')))
      decline();
    if (is_indicator(c) || c == '?' || c == ':') decline();
    size_t i = q;
    for (; i < eol_; ++i) {
      const char d = s_[i];
      if (d == ',' || d == ']' || d == '}') break;
      if (d == ':') {
        if (key) break;
        decline();
      }
      if (d == '#' || d == '?' || d == '[' || d == '{' || d == '\'' || d == '"' || d == '&' || d == '*' ||
          d == '!' || d == '|' || d == '>' || d == '%' || d == '@' || d == '`' || d == '\\')
        decline();
    }
    if (i >= eol_) decline();
    *end = i;
    while (i > q && s_[i - 1] == ' ') --i;
    TreeNode t;
    t.mark = {line_, col(q)};
    if (!is_null_word(s_ + q, i - q)) {
      t.kind = TreeNode::Kind::Scalar;
      t.scalar.assign(s_ + q, i - q);
    }
    return t;
  }

  TreeNode flow_item(size_t q, size_t* end) {
    const char c = s_[q];
    if (c == '[' || c == '{') return flow_node(q, end);
    if (c == '\'' || c == '"') return quoted(q, end, false);
    return flow_plain(q, end, false);
  }

  TreeNode flow_node(size_t r, size_t* end) {
    DepthGuard guard(depth_);
    TreeNode t;
    t.mark = {line_, col(r)};
    size_t q = skip_flow_spaces(r + 1);
    if (s_[r] == '[') {
      t.kind = TreeNode::Kind::Seq;
      if (s_[q] == ']') {
        *end = q + 1;
        return t;
      }
      while (true) {
        t.items.push_back(flow_item(q, &q));
        q = skip_flow_spaces(q);
        if (s_[q] == ']') {
          *end = q + 1;
          return t;
        }
        if (s_[q] != ',') decline();
        q = skip_flow_spaces(q + 1);
        if (s_[q] == ']' || s_[q] == ',') decline();  // trailing or empty entry
      }
    }
    t.kind = TreeNode::Kind::Map;
    if (s_[q] == '}') {
      *end = q + 1;
      return t;
    }
    while (true) {
      const size_t kq = q;
      TreeNode k = flow_plain(q, &q, true);
      if (!k.is_scalar() || k.scalar == "<<") decline();
      if (s_[q] != ':' || q + 1 >= eol_ || s_[q + 1] != ' ' || q - kq > kMaxKeySpan) decline();
      for (const auto& e : t.entries)
        if (e.key == k.scalar) decline();
      q = skip_flow_spaces(q + 1);
      if (s_[q] == ',' || s_[q] == '}') decline();  // empty value
      t.entries.emplace_back();
      TreeEntry& e = t.entries.back();
      e.key = std::move(k.scalar);
      e.key_mark = {line_, col(kq)};
      e.value = flow_item(q, &q);
      q = skip_flow_spaces(q);
      if (s_[q] == '}') {
        *end = q + 1;
        return t;
      }
      if (s_[q] != ',') decline();
      q = skip_flow_spaces(q + 1);
      if (s_[q] == '}' || s_[q] == ',') decline();
    }
  }
};

}  // namespace

std::optional<TreeNode> read_block_yaml(const std::string& text) {
  try {
    return BlockReader(text).read();
  } catch (const Decline&) {
    return std::nullopt;
  }
}

}  // namespace ternsim
