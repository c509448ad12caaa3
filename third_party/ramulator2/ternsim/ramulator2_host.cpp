// ternsim's host for Ramulator 2 (see ramulator2_host.hpp). Compiled as C++20 with the library.
#include "ramulator2_host.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "ramulator/base/base.h"
#include "ramulator/base/config.h"
#include "ramulator/controller/controller_base.h"
#include "ramulator/frontend/i_frontend.h"
#include "ramulator/memory_system/i_memory_system.h"

namespace ternsim::r2 {

struct Host::Impl {
  // Ramulator 2 components own their children; the two top levels are owned here.
  std::unique_ptr<Ramulator::IFrontEnd> frontend;
  std::unique_ptr<Ramulator::IMemorySystem> memory;
  std::vector<Ramulator::ControllerBase*> controllers;   // one per channel, in channel order
  uint64_t clk = 0;
};

namespace {

uint64_t stat(const Ramulator::ConfigNode& stats, const char* key) {
  const Ramulator::ConfigNode v = stats[key];
  return v ? v.as<uint64_t>() : 0;
}

}  // namespace

Host::Host(const std::string& config_yaml) : impl_(std::make_unique<Impl>()) {
  Ramulator::ConfigNode config = Ramulator::Config::parse_config_string(config_yaml);
  impl_->frontend.reset(Ramulator::Factory::create_frontend(config));
  impl_->memory.reset(Ramulator::Factory::create_memory_system(config));
  impl_->frontend->connect_memory_system(impl_->memory.get());
  impl_->memory->connect_frontend(impl_->frontend.get());
  for (Ramulator::Implementation* c : impl_->memory->ternsim_components()) {
    if (auto* ctrl = dynamic_cast<Ramulator::ControllerBase*>(c)) impl_->controllers.push_back(ctrl);
  }
  if (impl_->controllers.empty()) throw std::runtime_error("Ramulator 2 built no DRAM controller");
}

Host::~Host() = default;

bool Host::send(uint64_t addr, bool is_write, Done on_done, void* ctx) {
  Ramulator::Request req(static_cast<Ramulator::Addr_t>(addr), is_write ? Ramulator::Request::Type::Write
                                                                         : Ramulator::Request::Type::Read,
                         0, [on_done, ctx](Ramulator::Request&) {
                           if (on_done) on_done(ctx);
                         });
  req.size_bytes = impl_->memory->get_tx_bytes();
  return impl_->memory->send(req);
}

void Host::tick() {
  impl_->memory->tick();
  ++impl_->clk;
}

uint64_t Host::idle_ticks() const {
  Ramulator::Clk_t k = Ramulator::Clk_t(1) << 62;
  // Stop at the first channel that cannot skip (a refresh under way).
  for (Ramulator::ControllerBase* c : impl_->controllers) {
    k = std::min(k, c->ternsim_idle_ticks());
    if (k <= 0) return 0;
  }
  return static_cast<uint64_t>(k);
}

void Host::run(uint64_t k) {
  for (Ramulator::ControllerBase* c : impl_->controllers) {
    for (Ramulator::Clk_t left = static_cast<Ramulator::Clk_t>(k); left > 0;) {
      const Ramulator::Clk_t idle = std::min(c->ternsim_idle_ticks(), left);
      if (idle > 1) {
        c->ternsim_skip(idle);
        left -= idle;
      } else {
        c->tick();
        --left;
      }
    }
  }
  impl_->clk += k;
}

void Host::set_exact_shortcuts(bool on) {
  for (Ramulator::ControllerBase* c : impl_->controllers) c->m_ternsim_shortcuts = on;
}

uint64_t Host::clock() const { return impl_->clk; }

double Host::tck_ns() const { return impl_->controllers[0]->m_device.m_spec->get_timing_value("tCK_ps") / 1000.0; }

int Host::tx_bytes() const { return impl_->memory->get_tx_bytes(); }

int Host::channels() const { return static_cast<int>(impl_->controllers.size()); }

std::string Host::standard() const { return impl_->controllers[0]->m_device.m_spec->standard_name; }

int Host::timing(const std::string& name) const {
  const auto* spec = impl_->controllers[0]->m_device.m_spec;
  return spec->has_timing(name) ? spec->get_timing_value(name) : -1;
}

int Host::level_size(const std::string& name) const {
  const auto* spec = impl_->controllers[0]->m_device.m_spec;
  return spec->has_level(name) ? spec->get_level_size(name) : -1;
}

int Host::read_latency() const { return static_cast<int>(impl_->controllers[0]->m_device.m_spec->read_latency); }

int Host::turnaround_ticks(bool read_to_write) const {
  const auto* spec = impl_->controllers[0]->m_device.m_spec;
  if (!spec->has_command("RD") || !spec->has_command("WR")) return -1;
  const int from = spec->get_command_id(read_to_write ? "RD" : "WR"), to = spec->get_command_id(read_to_write ? "WR" : "RD");
  const int burst = spec->has_timing("nBL_min") ? spec->get_timing_value("nBL_min") : spec->get_timing_value("nBL");
  // Levels above the bank group (channel, pseudo-channel, rank): what any two banks of a data
  // bus must keep; the deepest of them wins (a channel-level spacing is the command bus's).
  const int below = spec->has_level("BankGroup") ? spec->get_level_id("BankGroup") : spec->get_level_id("Bank");
  int spacing = -1;
  for (int level = 0; level < below; ++level)
    for (const auto& e : spec->timing_cons[static_cast<size_t>(level)][static_cast<size_t>(from)])
      if (e.cmd == to && !e.sibling && e.window == 1) spacing = std::max(spacing, e.val);
  return spacing < 0 ? -1 : std::max(0, spacing - burst);
}

uint64_t Host::channel_bytes() const {
  const auto* spec = impl_->controllers[0]->m_device.m_spec;
  const auto& sizes = spec->organization.level_sizes;
  uint64_t transactions = 1;
  for (size_t i = 1; i + 1 < sizes.size(); ++i) transactions *= static_cast<uint64_t>(sizes[i]);
  transactions *= static_cast<uint64_t>(sizes.back() / spec->internal_prefetch_size);  // columns per transaction
  return transactions * static_cast<uint64_t>(spec->get_tx_bytes());
}

ChannelCounters Host::counters(int channel) const {
  if (channel < 0 || channel >= channels()) throw std::out_of_range("Ramulator 2 host: no such channel");
  Ramulator::ControllerBase* ctrl = impl_->controllers[static_cast<size_t>(channel)];
  ChannelCounters out;
  const Ramulator::ConfigNode s = static_cast<const Ramulator::Implementation*>(ctrl)->collect_stats();
  out.reads = stat(s, "num_read_reqs_served");
  out.writes = stat(s, "num_write_reqs_served");
  out.row_hits = stat(s, "row_hits");
  out.row_misses = stat(s, "row_misses");
  out.row_conflicts = stat(s, "row_conflicts");
  const auto* spec = ctrl->m_device.m_spec;
  const auto& counts = ctrl->m_device.m_ternsim_command_counts;
  for (size_t i = 0; i < counts.size(); ++i) {
    const std::string& n = spec->command_names[i];
    if (n == "ACT" || n == "ACT1") out.activates += counts[i];
    else if (n.rfind("PRE", 0) == 0) out.precharges += counts[i];
    else if (n == "REFab") out.refreshes_all_bank += counts[i];
    else if (n.rfind("REF", 0) == 0) out.refreshes_per_bank += counts[i];
    else if (n == "RD" || n == "RDA") out.reads_cmd += counts[i];
    else if (n == "WR" || n == "WRA") out.writes_cmd += counts[i];
  }
  out.read_to_write = ctrl->m_device.m_ternsim_read_to_write;
  out.write_to_read = ctrl->m_device.m_ternsim_write_to_read;
  out.ranks = static_cast<uint64_t>(ctrl->m_device.ternsim_ranks());
  out.clocks = static_cast<uint64_t>(ctrl->m_clk);
  out.active_standby_clocks = static_cast<uint64_t>(ctrl->m_device.ternsim_active_clocks(ctrl->m_clk));
  return out;
}

}  // namespace ternsim::r2
