#include "sim/engine/simulate.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>

#include "sim/config/config_error.hpp"
#include "sim/energy/energy_model.hpp"
#include "sim/engine/accelerator.hpp"
#include "sim/engine/fd_io.hpp"
#include "sim/engine/op_records_wire.hpp"
#include "sim/engine/run_guard.hpp"
#include "sim/engine/step_loop.hpp"
#include "sim/report/result_json.hpp"
#include "sim/system/system_sim.hpp"
#include "sim/workload/workload_loader.hpp"

namespace ternsim {

RunResult simulate_in_process(const ArchConfig& arch, const Workload& wl) {
  auto t0 = std::chrono::steady_clock::now();
  // One time unit = one accelerator cycle (see sim_time.hpp).
  sc_core::sc_set_time_resolution(1, sc_core::SC_NS);
  check_fpga_fit(arch);  // an FPGA design that does not fit is a mapping error, before simulating
  RunGuard guard;        // memory and wall-time limits, progress on long runs
  // Deliberately never destroyed: SystemC 2.3 cannot tear down and re-elaborate a model in
  // one process, and destroying modules/events after sc_start is where it crashes. The
  // process ends after its one run (see run_isolated) and the OS reclaims everything.
  RunResult r;
  if (arch.system) {
    r = simulate_system(arch, wl);  // N chips and their links (sim/system/); prices each chip itself
  } else {
    auto* acc = new Accelerator("accelerator", arch, wl);
    sc_core::sc_start();
    r = acc->collect();
    apply_energy_model(arch, r);  // prices the counted events; model code holds no technology numbers
    price_loop_bound(arch, r);    // a sampled loop's error bound, in joules
  }
  r.sim_delta_cycles = sc_core::sc_delta_count();
  r.sim_wall_us = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count());
  return r;
}

RunResult simulate_in_process(const RunRequest& req) {
  ArchConfig arch = load_arch_file(req.arch_path, req.overrides);
  Workload wl = load_workload_file(req.workload_path);
  wl.per_step_records = req.per_step;
  return simulate_in_process(arch, wl);
}

namespace {

std::string read_all(int fd) {
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// The result pipes of runs in flight. A child forked by one thread inherits every descriptor
// of the process, including the write end of another thread's pipe: that run's parent would
// then wait for EOF until this unrelated child exits (a short run waiting for a long one).
// Children do not exec, so O_CLOEXEC alone cannot help: each child closes every pipe but its
// own. Creating a pipe, registering it and forking happen under one lock, so the list a child
// inherits is complete and consistent (it reads it without locking: it is single-threaded).
std::mutex g_pipes_mu;
std::vector<int> g_pipes;

void unregister_pipe_end(int fd) {
  std::lock_guard<std::mutex> lock(g_pipes_mu);
  for (auto it = g_pipes.begin(); it != g_pipes.end(); ++it)
    if (*it == fd) {
      g_pipes.erase(it);
      break;
    }
  ::close(fd);
}

}  // namespace

RunResult run_isolated(const std::function<RunResult()>& body, bool with_ops) {
  int fds[2];
  pid_t pid;
  const pid_t parent = ::getpid();
  {
    std::lock_guard<std::mutex> lock(g_pipes_mu);
    // CLOEXEC too: anything else this process execs (Python subprocesses) must not hold them.
    if (::pipe2(fds, O_CLOEXEC) != 0) throw SimulationCrash(std::string("pipe failed: ") + std::strerror(errno));
    g_pipes.reserve(g_pipes.size() + 2);
    g_pipes.push_back(fds[0]);
    g_pipes.push_back(fds[1]);
    std::fflush(nullptr);
    pid = ::fork();
    if (pid < 0) {
      const int err = errno;
      g_pipes.resize(g_pipes.size() - 2);
      ::close(fds[0]);
      ::close(fds[1]);
      throw SimulationCrash(std::string("fork failed: ") + std::strerror(err));
    }
  }
  if (pid == 0) {
    // Die with the process that waits for us (a killed sweep worker must not leave orphans).
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(1);
    for (int fd : g_pipes)
      if (fd != fds[1]) ::close(fd);
    RunGuard::report_to_pipe(fds[1]);
    nlohmann::json msg;
    try {
      RunResult r = body();
      msg["result"] = result_to_json(r, false);
      if (with_ops) {
        const std::string ops = encode_op_records(r.op_records);
        msg["op_records"] = nlohmann::json::binary(std::vector<uint8_t>(ops.begin(), ops.end()));
      }
      msg["resolved_arch_yaml"] = r.resolved_arch_yaml;
      msg["sim_wall_us"] = r.sim_wall_us;
      msg["sim_delta_cycles"] = r.sim_delta_cycles;
    } catch (const ConfigError& e) {
      msg["error"] = {{"type", "ConfigError"}, {"message", e.what()}};
    } catch (const MappingError& e) {
      msg["error"] = {{"type", "MappingError"}, {"message", e.what()}};
    } catch (const std::exception& e) {
      msg["error"] = {{"type", "Error"}, {"message", e.what()}};
    }
    // MessagePack, not JSON text: formatting and re-parsing the per-op records' numbers as
    // text was a fifth of a forked 2.7B decode run (issue 10).
    const std::vector<uint8_t> wire = nlohmann::json::to_msgpack(msg);
    write_all(fds[1], std::string(wire.begin(), wire.end()));
    ::close(fds[1]);
    std::fflush(nullptr);
    ::_exit(0);  // skip SystemC's static destructors in the child
  }
  unregister_pipe_end(fds[1]);
  std::string text = read_all(fds[0]);
  unregister_pipe_end(fds[0]);
  int status = 0;
  struct rusage usage {};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status))
    throw SimulationCrash("simulation process died with signal " + std::to_string(WTERMSIG(status)) + " (" +
                          strsignal(WTERMSIG(status)) + ")");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty())
    throw SimulationCrash("simulation process exited with status " + std::to_string(WEXITSTATUS(status)) +
                          " and no result");
  nlohmann::json msg = nlohmann::json::from_msgpack(text);
  if (msg.contains("error")) {
    std::string type = msg["error"]["type"], m = msg["error"]["message"];
    if (type == "ConfigError") throw ConfigError(m);
    if (type == "MappingError") throw MappingError(m);
    throw std::runtime_error(m);
  }
  RunResult r = result_from_json(msg["result"]);
  if (msg.contains("op_records")) {
    const auto& ops = msg["op_records"].get_binary();
    r.op_records = decode_op_records(std::string(ops.begin(), ops.end()));
  }
  r.resolved_arch_yaml = msg["resolved_arch_yaml"];
  r.sim_wall_us = msg["sim_wall_us"];
  r.sim_delta_cycles = msg["sim_delta_cycles"];
  r.sim_peak_rss_kb = static_cast<uint64_t>(usage.ru_maxrss);
  return r;
}

RunResult simulate(const RunRequest& req) {
  return run_isolated([&] { return simulate_in_process(req); });
}

}  // namespace ternsim
