// _ternsim: the simulator as a Python function. Each run() forks a child (SystemC can
// elaborate only once per process), so a Python session can run any number of simulations
// and a crashing model costs an exception, not the interpreter.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <sys/stat.h>

#include "sim/config/config_error.hpp"
#include "sim/config/config_node.hpp"
#include "sim/config/one_line.hpp"
#include "sim/engine/arch_config.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/report/result_json.hpp"
#include "sim/workload/workload_loader.hpp"

namespace py = pybind11;
using namespace ternsim;

namespace {

// Python value -> YAML tree, so dicts reach ConfigNode exactly as a parsed file would.
// A dict or list that contains itself would recurse until the interpreter's stack overflows:
// nesting is bounded like a parsed file's (kMaxTreeDepth).
// A list repeated by reference ([[x] * 10] * 10 ...) expands like a YAML "billion laughs":
// values are counted too (kMaxDictValues; a whole model's workload is ~10^4 values).
constexpr size_t kMaxDictValues = 2'000'000;

// A Python str as UTF-8. A str that has no UTF-8 form (a lone surrogate, as os.fsdecode makes
// of a non-UTF-8 file name) is a ConfigError naming where it was, not pybind11's RuntimeError.
std::string utf8(py::handle str, const std::string& where) {
  Py_ssize_t n = 0;
  const char* p = PyUnicode_AsUTF8AndSize(str.ptr(), &n);
  if (!p) {
    PyErr_Clear();
    throw ConfigError(where + ": a string that is not valid Unicode text (a lone surrogate such as '\\udcff')");
  }
  return std::string(p, static_cast<size_t>(n));
}

std::string text_of(py::handle h, const std::string& where) { return utf8(py::str(h), where); }

// A path as the OS sees it: os.fsencode keeps a non-UTF-8 file name's bytes. A NUL would cut the
// path short in open() and name another file, so it is an error (as in Python's own open()).
std::string fs_path(py::handle h, const std::string& what) {
  std::string s = py::module_::import("os").attr("fsencode")(h).cast<std::string>();
  if (s.find('\0') != std::string::npos) throw ConfigError(what + ": the path contains a NUL byte");
  return s;
}

// How many values `h` expands to, counting a shared dict/list at every place it appears (as
// to_yaml converts it) but walking it once (memo by identity), so a list repeated by reference
// 10^8 times is refused before any conversion instead of after kMaxDictValues of them.
// Stops counting past the limit. A container met again while it is being walked (a cycle)
// counts 1 here; to_yaml reports it as too deep.
size_t expanded_values(py::handle h, size_t depth, std::unordered_map<PyObject*, size_t>& memo) {
  const bool is_dict = PyDict_Check(h.ptr()), is_seq = PyList_Check(h.ptr()) || PyTuple_Check(h.ptr());
  if ((!is_dict && !is_seq) || depth > kMaxTreeDepth) return 1;
  auto it = memo.find(h.ptr());
  if (it != memo.end()) return it->second;
  memo[h.ptr()] = 1;
  size_t n = 1;
  auto add = [&](py::handle child) {
    n += expanded_values(child, depth + 1, memo);
    return n <= kMaxDictValues;
  };
  if (is_dict) {
    for (auto item : h.cast<py::dict>())
      if (!add(item.second)) break;
  } else {
    for (auto item : h)
      if (!add(item)) break;
  }
  n = std::min(n, kMaxDictValues + 1);
  memo[h.ptr()] = n;
  return n;
}

YAML::Node to_yaml(py::handle h, const std::string& where, size_t depth = 0) {
  static thread_local size_t values = 0;
  const auto too_many = [&] {
    return ConfigError(where.substr(0, where.find_first_of(".[")) + ": more than " + std::to_string(kMaxDictValues) +
                       " values (a list or dict repeated by reference many times?)");
  };
  if (depth == 0) {
    values = 0;
    std::unordered_map<PyObject*, size_t> memo;
    if (expanded_values(h, 0, memo) > kMaxDictValues) throw too_many();
  }
  if (++values > kMaxDictValues) throw too_many();
  if (depth > kMaxTreeDepth)
    throw ConfigError(where.substr(0, where.find_first_of(".[")) + ": nested deeper than " +
                      std::to_string(kMaxTreeDepth) + " levels (does a dict or list contain itself?)");
  if (h.is_none()) return YAML::Node(YAML::NodeType::Null);
  // bool before int: Python's bool is an int subclass.
  if (py::isinstance<py::bool_>(h)) return YAML::Node(h.cast<bool>() ? "true" : "false");
  if (py::isinstance<py::int_>(h)) return YAML::Node(py::str(h).cast<std::string>());
  if (py::isinstance<py::float_>(h)) {
    double v = h.cast<double>();
    if (!std::isfinite(v)) throw ConfigError(where + ": value must be a finite number");
    return YAML::Node(py::repr(h).cast<std::string>());  // repr round-trips the double
  }
  if (py::isinstance<py::str>(h)) return YAML::Node(utf8(h, where));
  if (py::isinstance<py::dict>(h)) {
    YAML::Node n(YAML::NodeType::Map);
    for (auto item : h.cast<py::dict>()) {
      std::string key = text_of(item.first, where);
      n[key] = to_yaml(item.second, where + "." + key, depth + 1);
    }
    return n;
  }
  if (py::isinstance<py::list>(h) || py::isinstance<py::tuple>(h)) {
    YAML::Node n(YAML::NodeType::Sequence);
    for (auto item : h) n.push_back(to_yaml(item, where + "[]", depth + 1));
    return n;
  }
  // numpy scalars and the like: anything that converts to float/int cleanly.
  if (py::hasattr(h, "item")) return to_yaml(h.attr("item")(), where, depth + 1);
  throw ConfigError(where + ": cannot convert a Python " +
                    py::str(py::type::of(h).attr("__name__")).cast<std::string>() + " to YAML");
}

// A config source: a path (loaded in the child, exactly like the CLI) or an in-memory tree.
struct Source {
  std::string path;
  YAML::Node tree;
  bool is_tree = false;
  std::string name;
};

Source to_source(py::handle h, const std::string& what) {
  Source s;
  if (py::isinstance<py::dict>(h)) {
    s.is_tree = true;
    s.name = "<" + what + " dict>";
    s.tree = to_yaml(h, s.name);
  } else if (py::isinstance<py::str>(h) || py::hasattr(h, "__fspath__")) {
    s.path = fs_path(h, what);
  } else {
    throw ConfigError(what + ": expected a path or a dict, got a Python " +
                      py::str(py::type::of(h).attr("__name__")).cast<std::string>());
  }
  return s;
}

ConfigNode open(const Source& s, const std::string& base_dir) {
  return s.is_tree ? ConfigNode::from_node(s.tree, s.name, base_dir) : ConfigNode::load_file(s.path);
}

// Overrides: {"array.rows": 32} or ["array.rows=32"], the same assignments as `--set`.
std::vector<std::string> to_overrides(py::handle h) {
  std::vector<std::string> out;
  if (h.is_none()) return out;
  if (py::isinstance<py::dict>(h)) {
    for (auto item : h.cast<py::dict>()) {
      std::string key = text_of(item.first, "overrides");
      YAML::Emitter em;
      em << YAML::Flow << to_yaml(item.second, "overrides." + key);
      out.push_back(key + "=" + em.c_str());
    }
    return out;
  }
  for (auto item : h) out.push_back(text_of(item, "overrides"));
  return out;
}

// A sweep simulates thousands of points over the same workload file. Parse it once per process
// and let every forked child inherit the parsed ops copy-on-write, instead of re-reading the YAML
// in each child. A hit needs the same path AND the same bytes: size and mtime survive `cp -p` and
// `tar x`, and a relative path names another file after a chdir, so a stat-keyed cache returned
// the previous file's numbers (issue 14.6). Reading and comparing the bytes costs little next to
// parsing them: measured on the 63 KB mmfreelm-2.7b_decode.yaml, 0.2 ms to read it and compare,
// while the first (parsing) run took 139 ms and the cached runs 42-51 ms.
bool read_regular_file(const std::string& path, std::string& out) {
  struct stat st {};
  // Not a regular file, or too big to be worth keeping twice: no caching, load_file decides.
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t(1) << 30)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

std::shared_ptr<const Workload> cached_workload(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, std::pair<std::string, std::shared_ptr<const Workload>>> cache;  // path -> bytes, parsed
  std::string bytes;
  const bool cacheable = read_regular_file(path, bytes);
  if (cacheable) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(path);
    if (it != cache.end() && it->second.first == bytes) return it->second.second;
  }
  auto w = std::make_shared<const Workload>(load_workload(ConfigNode::load_file(path)));
  // Keep it only if the file did not change while it was parsed: the entry must be those bytes.
  std::string after;
  if (cacheable && read_regular_file(path, after) && after == bytes) {
    std::lock_guard<std::mutex> lock(mu);
    cache[path] = {std::move(bytes), w};
  }
  return w;
}

py::object json_to_py(const std::string& text) { return py::module_::import("json").attr("loads")(text); }

py::dict run_unescaped(py::handle arch_in, py::handle workload_in, py::handle overrides_in, py::object base_dir_in,
                       bool with_ops) {
  Source arch = to_source(arch_in, "arch");
  Source wl = to_source(workload_in, "workload");
  std::vector<std::string> overrides = to_overrides(overrides_in);
  // `tokens` is the workload's, not the arch's: it sets a loop's default step count, so a
  // sweep over tokens: [128, 512, 2048] sweeps the generation length (docs/workload_ir.md).
  std::vector<std::string> wl_overrides;
  for (auto it = overrides.begin(); it != overrides.end();)
    if (it->rfind("tokens=", 0) == 0) wl_overrides.push_back(*it), it = overrides.erase(it);
    else ++it;
  std::string base_dir = base_dir_in.is_none()
                             ? fs_path(py::module_::import("os").attr("getcwd")(), "cwd")
                             : fs_path(base_dir_in, "base_dir");
  RunResult r;
  {
    // The child does not touch Python; other Python threads (Dask, tqdm) keep running.
    py::gil_scoped_release release;
    std::shared_ptr<const Workload> parsed =
        wl.is_tree || !wl_overrides.empty() ? nullptr : cached_workload(wl.path);
    r = run_isolated([&] {
      // Test hook: proves that a child dying on a signal becomes SimulationCrash.
      const char* abort_env = std::getenv("TERNSIM_TEST_ABORT_CHILD");
      if (abort_env && std::string(abort_env) == "1") {
        std::signal(SIGABRT, SIG_DFL);  // no inherited Python faulthandler dump in the child
        std::abort();
      }
      ConfigNode a = open(arch, base_dir);
      for (const auto& o : overrides) a.apply_override(o);
      ArchConfig ac = load_arch(a);
      if (parsed) return simulate_in_process(ac, *parsed);
      ConfigNode wn = open(wl, base_dir);
      for (const auto& o : wl_overrides) wn.apply_override(o);
      Workload w = load_workload(wn);
      return simulate_in_process(ac, w);
    }, with_ops);
  }
  py::dict out = json_to_py(summary_json(r).dump());
  // Per-op rows under their RunResult name: summary.json already uses "ops" for the op count.
  if (with_ops) out["op_records"] = json_to_py(result_to_json(r, true)["op_records"].dump());
  out["resolved_arch_yaml"] = r.resolved_arch_yaml;
  return out;
}

// Errors are one line even when they echo a Python string holding a newline (a path, a key,
// an override): control characters are escaped, as the CLI does (sim/cli/main.cpp).
py::dict run(py::handle arch_in, py::handle workload_in, py::handle overrides_in, py::object base_dir_in,
             bool with_ops) {
  try {
    return run_unescaped(arch_in, workload_in, overrides_in, base_dir_in, with_ops);
  } catch (const ConfigError& e) {
    throw ConfigError(one_line(e.what(), std::string::npos));
  } catch (const MappingError& e) {
    throw MappingError(one_line(e.what(), std::string::npos));
  }
}

}  // namespace

PYBIND11_MODULE(_ternsim, m) {
  m.doc() = "ternsim simulator core (use the `ternsim` package)";
  m.attr("__version__") = TERNSIM_VERSION;
  // Bad input is a ValueError to generic handlers; crashes are RuntimeErrors.
  py::register_exception<ConfigError>(m, "ConfigError", PyExc_ValueError);
  py::register_exception<MappingError>(m, "MappingError", PyExc_ValueError);
  py::register_exception<SimulationCrash>(m, "SimulationCrash", PyExc_RuntimeError);
  m.def("run", &run, py::arg("arch"), py::arg("workload"), py::arg("overrides") = py::none(),
        py::arg("base_dir") = py::none(), py::arg("with_ops") = true,
        "Simulate `workload` on `arch` (each a path or a dict) in a forked child.\n"
        "overrides: {dotted.key: value} or ['dotted.key=value'] applied to the arch, like --set.\n"
        "base_dir: directory that relative paths inside dict configs are resolved against (default: cwd).\n"
        "Returns the summary.json fields plus 'op_records' (per-op rows) and 'resolved_arch_yaml'.");
}
