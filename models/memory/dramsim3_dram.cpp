#include "models/memory/dramsim3_dram.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <cstdlib>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "memory_system.h"
#include "models/memory/dram_backend_clock.hpp"
#include "models/memory/dramsim3_pair.hpp"
#include "sim/config/input_file.hpp"
#include "sim/engine/sim_time.hpp"

namespace ternsim {

// Below this many bursts a drain stays on one thread (handing work over costs more); bursts
// are handed to the two threads in chunks of kPairChunk.
constexpr uint64_t kPairMinBursts = 64;
constexpr uint64_t kPairChunk = uint64_t(1) << 16;
constexpr uint64_t kHelpClocks = 8;  // a waiting thread brings its channels up this many clocks at a time

TERNSIM_REGISTER_DRAM("dramsim3", Dramsim3Dram, Dramsim3Config);

namespace {

// The DRAMsim3 protocol name of each standard it models. LPDDR5, HBM2E and HBM3 are not
// modelled by DRAMsim3 (docs/dram.md).
const std::map<std::string, std::string>& protocols() {
  static const std::map<std::string, std::string> m = {
      {"ddr3", "DDR3"}, {"ddr4", "DDR4"},   {"lpddr3", "LPDDR3"}, {"lpddr4", "LPDDR4"}, {"gddr5", "GDDR5"},
      {"gddr5x", "GDDR5X"}, {"gddr6", "GDDR6"}, {"hbm", "HBM"},   {"hbm2", "HBM2"}};
  return m;
}

// Standards DRAMsim3 does not model, run on the state machine of the closest one it does with
// their own timing (arch_configs/dram/*.ini list what that misses). Only a preset whose
// [ternsim] section names the standard may be used for it.
const std::map<std::string, std::string>& approximated() {
  static const std::map<std::string, std::string> m = {{"lpddr5", "LPDDR4"}, {"hbm3", "HBM2"}};
  return m;
}

// A minimal INI reader/writer: sections and keys in file order, so overrides can be applied
// and the text handed to DRAMsim3 is deterministic.
struct Ini {
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> sections;
  std::string* find(const std::string& sec, const std::string& key) {
    for (auto& s : sections)
      if (s.first == sec)
        for (auto& kv : s.second)
          if (kv.first == key) return &kv.second;
    return nullptr;
  }
  void set(const std::string& sec, const std::string& key, const std::string& value) {
    if (std::string* v = find(sec, key)) {
      *v = value;
      return;
    }
    for (auto& s : sections)
      if (s.first == sec) {
        s.second.emplace_back(key, value);
        return;
      }
    sections.push_back({sec, {{key, value}}});
  }
  std::string text() const {
    std::ostringstream o;
    for (const auto& s : sections) {
      o << '[' << s.first << "]\n";
      for (const auto& kv : s.second) o << kv.first << " = " << kv.second << '\n';
    }
    return o.str();
  }
};

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Returns "" on success, else what is wrong with the file.
std::string parse_ini(const std::string& path, Ini& ini) {
  // Read through the bounded input reader: a directory, device or FIFO (/dev/zero) is one line
  // instead of a read without end.
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const ConfigError& e) {
    return std::string("cannot read preset file ") + e.what();
  }
  std::istringstream in(text);
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    std::string t = trim(line.substr(0, line.find_first_of(";#")));
    if (t.empty()) continue;
    if (t.front() == '[') {
      if (t.back() != ']') return path + ":" + std::to_string(no) + ": unterminated section header";
      ini.sections.push_back({trim(t.substr(1, t.size() - 2)), {}});
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string::npos || ini.sections.empty())
      return path + ":" + std::to_string(no) + ": expected 'key = value' inside a [section]";
    ini.sections.back().second.emplace_back(trim(t.substr(0, eq)), trim(t.substr(eq + 1)));
  }
  return "";
}

}  // namespace

Dramsim3Config::Dramsim3Config(ConfigNode& n) {
  std::vector<std::string> known;
  for (const auto& kv : protocols()) known.push_back(kv.first);
  standard = n.string("standard");
  if (!protocols().count(standard) && !approximated().count(standard)) {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    n.fail("standard", "'" + standard + "' is not modelled by DRAMsim3 (it models: " + list +
                           "; lpddr5 and hbm3 are approximated with the LPDDR4 and HBM2 state machines by "
                           "their presets in arch_configs/dram/; others are not, see docs/dram.md)");
  }
  preset_path = n.path("preset");
  Ini ini;
  std::string err = parse_ini(preset_path, ini);
  if (!err.empty()) n.fail("preset", err + " (the organisation / speed-grade presets are in arch_configs/dram/)");
  for (const char* sec : {"dram_structure", "timing", "power", "system"})
    if (std::none_of(ini.sections.begin(), ini.sections.end(), [&](const auto& s) { return s.first == sec; }))
      n.fail("preset", preset_path + " has no [" + std::string(sec) + "] section");
  const std::string* proto = ini.find("dram_structure", "protocol");
  const std::string* approx = ini.find("ternsim", "standard");
  const std::string want = approximated().count(standard) ? approximated().at(standard) : protocols().at(standard);
  if (!proto || *proto != want)
    n.fail("standard", "'" + standard + "' but preset " + preset_path + " is protocol " + (proto ? *proto : "(none)"));
  if (approx ? *approx != standard : approximated().count(standard) > 0)
    n.fail("standard", "'" + standard + "' but preset " + preset_path + " is " +
                           (approx ? "an approximation of " + *approx : "not one of its approximations") +
                           " (its [ternsim] standard)");
  for (const char* key : {"bankgroups", "banks_per_group", "rows", "columns", "device_width", "BL"})
    if (!ini.find("dram_structure", key)) n.fail("preset", preset_path + " [dram_structure] lacks " + key);
  for (const char* key : {"tCK", "CL", "tRCD", "tRP", "tRAS", "tRFC", "tREFI"})
    if (!ini.find("timing", key) && !(std::string(key) == "tRCD" && ini.find("timing", "tRCDRD")))
      n.fail("preset", preset_path + " [timing] lacks " + key);
  for (const char* key : {"channels", "bus_width", "channel_size"})
    if (!ini.find("system", key)) n.fail("preset", preset_path + " [system] lacks " + key);

  // DRAMsim3 would print a warning and resize (or abort) on these; say it here, in one line.
  auto number = [&](const char* sec, const char* key) {
    const std::string* v = ini.find(sec, key);
    char* end = nullptr;
    long long x = v ? std::strtoll(v->c_str(), &end, 10) : 0;
    if (!v || end == v->c_str() || *end != '\0' || x <= 0 || x > (1ll << 40))
      n.fail("preset", preset_path + " [" + sec + "] " + key + ": expected a positive integer");
    return x;
  };
  // DRAMsim3 decodes each address field with floor(log2(size)) bits (configuration.cc,
  // SetAddressMapping), so a size that is not a power of two silently leaves part of the device
  // unused (channels: 5 ran on 4, the fifth idle, with the peak of 5).
  auto power_of_two = [](long long x) { return x > 0 && (x & (x - 1)) == 0; };
  for (const char* key : {"bankgroups", "banks_per_group", "rows", "columns"})
    if (const long long size = number("dram_structure", key); !power_of_two(size))
      n.fail("preset", preset_path + " [dram_structure] " + key + " = " + std::to_string(size) +
                           ": expected a power of two (DRAMsim3 decodes it from address bits)");
  const long long bus = number("system", "bus_width"), width = number("dram_structure", "device_width");
  if (bus % width != 0)
    n.fail("preset", preset_path + ": bus_width " + std::to_string(bus) + " is not a multiple of device_width " +
                         std::to_string(width));
  // DRAMsim3 counts HBM columns in pairs and GDDR columns per burst (configuration.cc,
  // InitDRAMParams): its physical columns are these.
  const long long columns = number("dram_structure", "columns") *
                            (proto->rfind("HBM", 0) == 0 ? 2 : proto->rfind("GDDR", 0) == 0 ? number("dram_structure", "BL") : 1);
  const long long rank_mb = columns * width / 8 * (number("dram_structure", "rows") / 1024) /
                            1024 * number("dram_structure", "bankgroups") * number("dram_structure", "banks_per_group") *
                            (bus / width);
  const long long channel_mb = number("system", "channel_size");
  if (rank_mb <= 0 || channel_mb % rank_mb != 0)
    n.fail("preset", preset_path + ": channel_size " + std::to_string(channel_mb) +
                         " MB is not a whole number of ranks of " + std::to_string(rank_mb) +
                         " MB (columns x device_width x rows x banks x devices)");

  if (!power_of_two(channel_mb / rank_mb))
    n.fail("preset", preset_path + ": channel_size " + std::to_string(channel_mb) + " MB is " +
                         std::to_string(channel_mb / rank_mb) +
                         " ranks: expected a power of two (DRAMsim3 decodes the rank from address bits)");
  channels = static_cast<uint32_t>(n.integer("channels", 0, 0, 64));
  if (channels && !power_of_two(channels))
    n.fail("channels", std::to_string(channels) + ": expected a power of two (DRAMsim3 decodes the channel from "
                                                  "address bits)");
  if (!channels && !power_of_two(number("system", "channels")))
    n.fail("preset", preset_path + " [system] channels = " + std::to_string(number("system", "channels")) +
                         ": expected a power of two (DRAMsim3 decodes the channel from address bits)");
  if (channels) ini.set("system", "channels", std::to_string(channels));
  address_mapping = n.string("address_mapping", "");
  if (!address_mapping.empty()) {
    // DRAMsim3 decodes an address with these six two-letter fields, most significant first.
    const std::vector<std::string> fields = {"ch", "ra", "bg", "ba", "ro", "co"};
    std::vector<std::string> got;
    bool ok = address_mapping.size() == 12;
    for (size_t i = 0; ok && i < 12; i += 2) got.push_back(address_mapping.substr(i, 2));
    std::string missing, unknown;
    for (const auto& f : fields)
      if (std::count(got.begin(), got.end(), f) != 1) missing += (missing.empty() ? "" : ",") + f;
    for (const auto& g : got)
      if (std::find(fields.begin(), fields.end(), g) == fields.end()) unknown += (unknown.empty() ? "" : ",") + g;
    if (!ok || !missing.empty() || !unknown.empty())
      n.fail("address_mapping", "'" + address_mapping +
                                    "' must name each of ch, ra, bg, ba, ro, co exactly once, most significant first "
                                    "(e.g. rorabgbachco)" +
                                    (missing.empty() ? "" : "; missing or repeated: " + missing) +
                                    (unknown.empty() ? "" : "; unknown: " + unknown));
    ini.set("system", "address_mapping", address_mapping);
  }
  row_policy = n.choice("row_policy", "open", {"open", "close"});
  ini.set("system", "row_buf_policy", row_policy == "open" ? "OPEN_PAGE" : "CLOSE_PAGE");
  scheduler = n.choice("scheduler", "per_bank", {"per_bank", "per_rank"});
  ini.set("system", "queue_structure", scheduler == "per_bank" ? "PER_BANK" : "PER_RANK");
  // No statistics files: ternsim reads the counters (third_party/dramsim3/PROVENANCE, patch 4).
  ini.set("other", "output_level", "0");
  ConfigNode sampling = n.child_or_empty("sampling");
  sampled = sampling.choice("mode", "full", {"full", "sampled"}) == "sampled";
  window_bursts = static_cast<uint32_t>(sampling.integer("window_bursts", window_bursts, 16, 1 << 24));
  samples_per_stream = static_cast<uint32_t>(sampling.integer("samples_per_stream", samples_per_stream, 1, 1 << 20));
  sampling.finish();
  fast_forward = n.boolean("fast_forward", true);
  interleaved = n.choice("arbitration", "in_order", {"in_order", "interleaved"}) == "interleaved";
  quantum_cycles = static_cast<uint32_t>(n.integer("quantum_cycles", 1, 1, 1 << 20));
  if (interleaved && sampled)
    n.fail("arbitration", "'interleaved' needs sampling.mode: full (sampled mode extrapolates whole requests, "
                          "one at a time)");
  threads = static_cast<uint32_t>(n.integer("threads", threads, 1, 2));
  preset_trefi = number("timing", "tREFI");
  // Sampled mode skips DRAM clocks, so DRAMsim3 cannot place refreshes in time: they are
  // accounted from the preset's tREFI/tRFC (dramsim3_sampling.cpp) and DRAMsim3's own are off.
  if (sampled) ini.set("timing", "tREFI", "1000000000");
  ini_text = ini.text();
}

Dramsim3Dram::Dramsim3Dram(const DramParams& p, double clock_mhz) : clock_mhz_(clock_mhz) {
  const auto& cfg = dynamic_cast<const Dramsim3Config&>(*p.backend);
  mem_ = std::make_unique<dramsim3::MemorySystem>(
      cfg.ini_text, ".", [this](uint64_t a) { burst_done(a, false); }, [this](uint64_t a) { burst_done(a, true); });
  const dramsim3::Config& c = mem_->GetConfig();
  sampled_ = cfg.sampled;
  fast_forward_ = cfg.fast_forward;
  // The controllers' exact scan shortcuts (third_party/dramsim3/PROVENANCE patch 8) go with
  // the idle fast-forward: `fast_forward: false` runs DRAMsim3's own clock-by-clock scans.
  mem_->SetFastPaths(fast_forward_);
  // Channel-by-channel draining (drain_per_channel) needs DRAMsim3's JEDEC system without epoch
  // statistics (ternsim runs it with output_level 0 and no HMC standard).
  per_channel_ = fast_forward_ && !c.IsHMC() && c.output_level < 1;
  interleaved_ = cfg.interleaved;
  quantum_cycles_ = cfg.quantum_cycles;
  // The second thread only where there are channels to share (never with fast_forward: false).
  if (per_channel_ && cfg.threads == 2 && c.channels > 1) pair_ = std::make_unique<Dramsim3Pair>();
  window_bursts_ = cfg.window_bursts;
  samples_per_stream_ = cfg.samples_per_stream;
  ranks_ = c.ranks;
  // DRAMsim3's default rank-staggered refresh: one rank every tREFI / ranks (refresh.cc).
  refresh_interval_ = static_cast<uint64_t>(std::max<int64_t>(1, cfg.preset_trefi / c.ranks));
  trfc_ = static_cast<uint64_t>(c.tRFC);
  // Clocks ticked before a simulated request after an idle gap, so the banks' tRAS/tRP/tFAW
  // constraints of the previous window have expired as they would have in real time.
  settle_clocks_ = static_cast<uint64_t>(c.tRAS + c.tRP + c.tFAW);
  row_span_ = uint64_t(1) << (c.ro_pos + c.shift_bits);
  if (uint64_t(c.request_size_bytes) == uint64_t(1) << c.shift_bits) {
    int low = c.ro_pos;
    for (auto [pos, mask] : {std::pair{c.ch_pos, c.ch_mask}, {c.ra_pos, c.ra_mask}, {c.bg_pos, c.bg_mask}, {c.ba_pos, c.ba_mask}})
      if (mask != 0) low = std::min(low, pos);
    column_run_ = uint64_t(1) << low;
  }
  window_ = std::max<uint64_t>(window_bursts_, 8ull * uint64_t(c.channels) * uint64_t(c.trans_queue_size));
  {
    // What one channel accepts before a write must wait for a bank: its write buffer (or
    // unified queue) and its command queues (per bank or per rank).
    const uint64_t cmd_queues = uint64_t(c.ranks) * (c.queue_structure == "PER_BANK" ? uint64_t(c.banks) : 1);
    const uint64_t holds = uint64_t(c.trans_queue_size) + cmd_queues * uint64_t(c.cmd_queue_size);
    write_window_ = std::max<uint64_t>(window_, 16ull * uint64_t(c.channels) * holds);
  }
  close_page_ = cfg.row_policy == "close";
  refresh_closes_banks_ = !close_page_ && c.ranks == 1;
  tck_ns_ = c.tCK;
  channels_ = static_cast<uint32_t>(c.channels);
  extra_.assign(size_t(channels_) * kCounters, 0.0);
  for (uint32_t ch = 0; ch < channels_; ++ch)
    for (int i = 0; i < kCounters; ++i) counter_cells_.push_back(mem_->CounterCells(kCounterNames[i], int(ch)));
  bank_opened_.assign(size_t(channels_) * size_t(c.ranks) * size_t(c.banks), 0);
  burst_bytes_ = static_cast<uint32_t>(c.request_size_bytes);
  // Peak: one burst per burst_cycle DRAM cycles on every channel.
  const double burst_ns = c.burst_cycle * tck_ns_;
  peak_bytes_per_cycle_ = channels_ * burst_bytes_ / burst_ns * (1000.0 / clock_mhz);
  // Idle read latency of a closed row: ACT -> READ (tRCD, tRCDRD on HBM) then RL + the burst.
  latency_cycles_ = to_acc(static_cast<uint64_t>((c.IsHBM() ? c.tRCDRD : c.tRCD) + c.read_delay));
}

Dramsim3Dram::~Dramsim3Dram() = default;

uint64_t Dramsim3Dram::to_dram(uint64_t acc) const { return DramBackendClock{clock_mhz_, tck_ns_}.to_dram(acc); }
uint64_t Dramsim3Dram::to_acc(uint64_t dram) const { return DramBackendClock{clock_mhz_, tck_ns_}.to_acc(dram); }

void Dramsim3Dram::tick() {
  mem_->ClockTick();
  ++clk_;
  ++ticks_;
}

uint64_t Dramsim3Dram::request(uint64_t addr, uint64_t bytes, bool write) {
  const uint64_t now = now_cycles();
  if (bytes == 0) return now;
  count(bytes, write);
  const uint64_t target = to_dram(now);
  const BurstSpan span = burst_span(addr, bytes, burst_bytes_);
  const uint64_t first = span.first, n = span.n;
  uint64_t start = std::max(target, clk_);
  uint64_t end = 0;
  if (sampled_) {
    sampled_request(first, n, write, target);
  } else if (interleaved_ && caller_can_wait()) {
    std::tie(start, end) = interleaved_request(first, n, write, target);
  } else {
    finish_in_flight();
    while (clk_ < target) idle_step(target);
    drain(n, [&](uint64_t i) { return Burst{first + i * burst_bytes_, write}; });
  }
  if (end == 0) end = clk_;
  const uint64_t done = std::max(now, to_acc(end));
  trace_backend_request(DramBackendClock{clock_mhz_, tck_ns_}, now, done, start, end, bytes, write);
  return done;
}

// Sampled mode books idle gaps when the next request comes (dramsim3_sampling.cpp): no window
// to run on its own.
bool Dramsim3Dram::idle_until(uint64_t t) {
  if (sampled_) return false;
  finish_in_flight();
  const uint64_t target = to_dram(t);
  while (clk_ < target) idle_step(target);
  return true;
}

uint64_t Dramsim3Dram::replay(const std::vector<Burst>& bursts) {
  const uint64_t start = clk_;
  drain(bursts.size(), [&](uint64_t i) { return bursts[i]; });
  return clk_ - start;
}

void Dramsim3Dram::stalled() const {
  throw std::runtime_error("DRAMsim3 accepted or completed no burst in " + std::to_string(kStallClocks) +
                           " DRAM clocks: the backend is stuck with this preset and organisation (docs/dram.md, "
                           "\"Stall guard\"; a refresh or other wait longer than that?)");
}

void Dramsim3Dram::drain(uint64_t n, const std::function<Burst(uint64_t)>& burst) {
  if (per_channel_ && n > 0) return drain_per_channel(n, burst);
  uint64_t next = 0, waited = 0;
  outstanding_ = n;
  while (outstanding_ > 0) {
    const uint64_t left = outstanding_ + (n - next);  // to add or to return
    while (next < n) {
      const Burst b = burst(next);
      if (!mem_->WillAcceptTransaction(b.addr, b.write)) break;
      mem_->AddTransaction(b.addr, b.write);
      ++next;
    }
    tick();
    waited = outstanding_ + (n - next) < left ? 0 : waited + 1;
    if (waited > kStallClocks) stalled();
  }
}

// The loop above, channel by channel (the fast path, third_party/dramsim3/PROVENANCE patch 9).
// DRAMsim3's channels share no state: a system clock ticks each one, and the loop above adds a
// burst at clock T only to its own channel, when that channel (ticked T - start times) accepts
// it; the bursts after a refused one wait. So each burst's channel is brought to T on its own --
// fast-forwarding the clocks in which it would only count (Controller::IdleClocks) -- the burst
// added there or T advanced clock by clock until it is accepted, and at the end every channel is
// run until its last burst has returned, then to F = one clock after the last return anywhere,
// which is where the loop above stops. Each channel then runs many clocks in a row, with its
// queues and bank states in cache, instead of 32 channels one clock each.

void Dramsim3Dram::drain_per_channel(uint64_t n, const std::function<Burst(uint64_t)>& burst) {
  // DRAMsim3's own clock: clk_ is virtual time in sampled mode, which skips clocks without it.
  const uint64_t start = mem_->Clock();
  std::vector<ChannelProgress> pc(channels_);
  for (ChannelProgress& c : pc) c.at = start;
  auto step = [&](uint32_t ch) {
    const int returned = mem_->TickChannel(int(ch), pc[ch].at);
    if (returned > 0) {
      pc[ch].left -= std::min<uint64_t>(pc[ch].left, uint64_t(returned));
      pc[ch].last_return = pc[ch].at + 1;
    }
    ++pc[ch].at;
  };
  // Channel `ch` to clock `to`, its idle stretches fast-forwarded.
  auto advance = [&](uint32_t ch, uint64_t to) {
    while (pc[ch].at < to) {
      const uint64_t k = std::min(mem_->ChannelIdleClocks(int(ch)), to - pc[ch].at);
      if (k > 1) {
        mem_->SkipChannelIdle(int(ch), k);
        pc[ch].at += k;
      } else {
        step(ch);
      }
    }
  };
  outstanding_ = n;
  uint64_t t = start;
  if (pair_ && in_flight_.empty() && n >= kPairMinBursts) {
    count_returns_ = false;
    t = inject_two_threads(n, burst, start, pc, step, advance);
    count_returns_ = true;
  } else {
    for (uint64_t i = 0; i < n; ++i) {
      const Burst b = burst(i);
      const uint32_t ch = uint32_t(mem_->GetChannel(b.addr));
      advance(ch, t);
      for (uint64_t waited = 0; !mem_->WillAcceptTransaction(b.addr, b.write); ++waited) {
        if (waited > kStallClocks) stalled();
        step(ch);
        t = pc[ch].at;
      }
      mem_->AddTransaction(b.addr, b.write);
      ++pc[ch].left;
    }
  }
  // The final phase: each channel on its own, so with two threads (pair_) thread `part` runs
  // channels part, part + 2, ... Every channel is touched by one thread and its completions
  // are counted in its own ChannelProgress, so the result is the same either way.
  uint64_t end = t + 1, pending = 0;
  for (uint32_t ch = 0; ch < channels_; ++ch) pending += pc[ch].left;
  const bool two = pair_ && in_flight_.empty() && pending >= kPairMinBursts;
  const uint32_t stride = two ? 2 : 1;
  auto phase = [&](const std::function<void(uint32_t)>& f) {
    if (!two) {
      for (uint32_t ch = 0; ch < channels_; ++ch) f(ch);
      return;
    }
    count_returns_ = false;
    pair_->run([&](int part) {
      for (uint32_t ch = uint32_t(part); ch < channels_; ch += stride) f(ch);
    });
    count_returns_ = true;
  };
  // A channel that returns nothing for kStallClocks is stuck: flagged in its own slot (the
  // phase may run on a worker thread, which must not throw) and reported after the phase.
  std::vector<uint8_t> stuck(channels_, 0);
  phase([&](uint32_t ch) {
    for (uint64_t since = pc[ch].at; pc[ch].left > 0 && !stuck[ch];) {
      const uint64_t l = pc[ch].left;
      step(ch);
      if (pc[ch].left < l) since = pc[ch].at;
      else if (pc[ch].at - since > kStallClocks) stuck[ch] = 1;
    }
  });
  for (uint8_t x : stuck)
    if (x) stalled();
  for (uint32_t ch = 0; ch < channels_; ++ch) end = std::max(end, pc[ch].last_return);
  phase([&](uint32_t ch) { advance(ch, end); });
  outstanding_ = 0;  // every burst has returned
  mem_->SetClock(end);
  ticks_ += end - start;  // as many clocks as the loop above would have ticked
  clk_ += end - start;
}

// The burst loop of drain_per_channel on two threads, thread `part` running the channels
// ch % 2 == part (docs/dram.md, "Two threads"). In that loop burst i is added to its channel c
// at T_i = max(t, F_i), t the clock reached so far (T of the bursts before it, at least
// `start`) and F_i the first clock, from c's previous add on, at which c accepts it: the
// transaction queues only shrink while no burst is added, so c refuses until F_i and accepts
// from then on. F_i needs only c's own history, so each thread finds the F of its bursts and
// publishes them in burst order; T_i = max(start, F_0..F_i) is then known to both.
//  * Right after c accepts a burst, its queue has FreeTransactionSlots more free (PROVENANCE 14):
//    that many later bursts of the same direction are accepted whenever they are added, so their
//    F is no later than the T before them (they add nothing to the max) and they join c's adds
//    still to do without ticking c. A stream places a row's worth of bursts on one channel
//    before the next, so each thread runs ahead through its channels' runs instead of waiting
//    for the other's.
//  * Only the other bursts (about 7 % of a decode token's) can raise the max, so each thread
//    publishes just those, as (burst, F) pairs in burst order, and how far it has got: the
//    first of its bursts whose F it does not know yet. Each thread folds both lists into the T
//    of its own bursts; it never reads the other's per-burst state, which would move a cache
//    line between the cores every few bursts.
//  * c's adds are done in order at their T once it is known. A burst c has no room for first
//    does c's adds still to do (waiting for their T), then ticks c until it accepts.
//  * Waiting, a thread brings its channels to the T known so far, a lower bound of every later
//    add (T grows with i), doing the adds whose T is known first.
// Each channel is ticked and added to by one thread, at the clocks of the loop, so its clocks
// and contents are the same. Bursts in chunks of kPairChunk; returns the last t.
template <class Step, class Advance>
uint64_t Dramsim3Dram::inject_two_threads(uint64_t n, const std::function<Burst(uint64_t)>& burst, uint64_t t,
                                          std::vector<ChannelProgress>& pc, Step& step, Advance& advance) {
  struct Raise {  // a burst that raises the max: its index in the chunk and its F
    uint64_t burst, ready;
  };
  // Written by one thread each: its channels' bursts, the raises it has found and the T of its
  // bursts; only `raises` is read by the other, up to the published count. A cache line each.
  struct alignas(64) PartState {
    std::vector<uint64_t> own, t_of;
    std::vector<Raise> raises;
  };
  std::vector<uint64_t> addr;
  std::vector<uint32_t> chan;
  std::vector<uint8_t> wr;
  PartState ps[2];
  for (uint64_t lo = 0; lo < n; lo += kPairChunk) {
    const uint64_t m = std::min(kPairChunk, n - lo);
    addr.resize(m);
    chan.resize(m);
    wr.resize(m);
    for (PartState& p : ps) p.t_of.resize(m);
    // Per thread, on its own cache line: `known`, its first burst whose F it does not know yet
    // (m when done), and `raises`, how many entries of its raises[] are written; stored raises
    // first, so a thread that reads `known` then `raises` sees every raise below `known`.
    struct alignas(64) Published {
      std::atomic<uint64_t> known{0}, raises{0};
    };
    Published pub[2];
    std::atomic<bool> stuck{false};
    std::atomic<int> filled{0};
    uint64_t t_end[2] = {t, t};
    // A thread that fails (a stuck channel) sets `stuck`, so the other stops waiting for it.
    auto run_part = [&](int part) {
      const int other = 1 - part;
      PartState& me = ps[part];
      const std::vector<Raise>& theirs = ps[other].raises;
      // The chunk's bursts, half by each thread (burst() and GetChannel are pure), then its own.
      for (uint64_t i = part == 0 ? 0 : m / 2, end = part == 0 ? m / 2 : m; i < end; ++i) {
        const Burst b = burst(lo + i);
        addr[i] = b.addr;
        wr[i] = b.write;
        chan[i] = uint32_t(mem_->GetChannel(b.addr));
      }
      filled.fetch_add(1, std::memory_order_acq_rel);
      for (int spins = 0; filled.load(std::memory_order_acquire) < 2;)
        if (++spins >= 256) std::this_thread::yield();
      std::vector<uint64_t>& own = me.own;
      own.clear();
      for (uint64_t i = 0; i < m; ++i)
        if ((chan[i] & 1u) == uint32_t(part)) own.push_back(i);
      // Sized before the first publish, after which the other thread reads it as it is filled.
      me.raises.resize(own.size());
      // Folded: T of own bursts below k is in me.t_of, tmax = max(t, F of every burst below k).
      uint64_t k = 0, tmax = t;
      size_t own_at = 0, mine_at = 0, theirs_at = 0;  // fold cursors into own, me.raises, theirs
      uint64_t unknown = own.empty() ? m : own[0];     // first own burst whose F is not known
      uint64_t seen = 0, their_raises = 0, told = ~uint64_t(0), raised = 0;
      auto publish = [&] {
        if (unknown == told) return;
        pub[part].raises.store(raised, std::memory_order_release);
        pub[part].known.store(told = unknown, std::memory_order_release);
      };
      auto fold = [&](uint64_t cap) {  // k as far as both threads' F are known (at most cap), without waiting
        if (seen < unknown) {  // their progress bounds the fold: look again
          seen = pub[other].known.load(std::memory_order_acquire);
          their_raises = pub[other].raises.load(std::memory_order_acquire);
        }
        const uint64_t limit = std::min({unknown, seen, cap});
        if (k >= limit) return;
        // Own bursts, own raises and raises of theirs below limit, in burst order; a burst's own
        // raise comes before its T (T_i includes F_i). The two threads' raises never share a burst.
        while (true) {
          const uint64_t b = own_at < own.size() ? own[own_at] : m;
          const uint64_t r = mine_at < raised ? me.raises[mine_at].burst : m;
          const uint64_t x = theirs_at < their_raises ? theirs[theirs_at].burst : m;
          const uint64_t next = std::min({b, r, x});
          if (next >= limit) break;
          if (r == next) tmax = std::max(tmax, me.raises[mine_at++].ready);
          if (x == next) tmax = std::max(tmax, theirs[theirs_at++].ready);
          if (b == next) me.t_of[own[own_at++]] = tmax;
        }
        k = limit;
      };
      // Each own channel's adds still to do (burst indices, in order from todo_head) and the
      // bursts of direction room_write it accepts whenever they are added.
      std::vector<std::vector<uint64_t>> todo(channels_);
      std::vector<size_t> todo_head(channels_, 0);
      std::vector<uint64_t> room(channels_, 0);
      std::vector<uint8_t> room_write(channels_, 0);
      auto add_known = [&](uint32_t c) {  // c's adds whose T is known
        std::vector<uint64_t>& q = todo[c];
        for (size_t& h = todo_head[c]; h < q.size() && q[h] < k; ++h) {
          const uint64_t j = q[h];
          advance(c, me.t_of[j]);
          mem_->AddChannelTransaction(int(c), addr[j], wr[j] != 0);
          ++pc[c].left;
        }
        if (todo_head[c] == q.size()) {
          q.clear();
          todo_head[c] = 0;
        }
      };
      // One own channel (in turn) done with its known adds and brought up to kHelpClocks nearer
      // tmax; false when all are there. Short steps, so the burst waited for is seen soon.
      uint32_t turn = uint32_t(part);
      auto help = [&] {
        for (uint32_t tries = 0; tries < channels_; tries += 2) {
          const uint32_t c = turn;
          turn = turn + 2 < channels_ ? turn + 2 : uint32_t(part);
          add_known(c);
          if (pc[c].at < tmax) {
            advance(c, std::min(tmax, pc[c].at + kHelpClocks));
            return true;
          }
        }
        return false;
      };
      auto wait_for = [&](uint64_t j) {  // until T_j is known, own channels brought up meanwhile
        publish();
        for (int spins = 0;;) {
          fold(m);
          if (k > j) return;
          if (stuck.load(std::memory_order_relaxed)) stalled();
          if (help()) {
            spins = 0;
          } else if (++spins >= 256) {
            std::this_thread::yield();
          }
        }
      };
      for (size_t o = 0; o < own.size(); ++o) {
        const uint64_t i = own[o];
        const uint32_t c = chan[i];
        unknown = i;
        if (told == ~uint64_t(0) || i - told >= 16) publish();
        const bool w = wr[i] != 0;
        if (room[c] > 0 && (room_write[c] != 0) == w) {
          --room[c];
          todo[c].push_back(i);
          continue;
        }
        while (!todo[c].empty()) {
          wait_for(todo[c][todo_head[c]]);
          add_known(c);
        }
        for (uint64_t waited = 0; !mem_->WillAcceptOnChannel(int(c), addr[i], w); ++waited) {
          if (waited > kStallClocks) stalled();
          step(c);
        }
        me.raises[raised++] = Raise{i, pc[c].at};
        unknown = o + 1 < own.size() ? own[o + 1] : m;
        publish();
        todo[c].push_back(i);
        // c to the clock known so far up to T_i (burst i is added there), where it may have
        // drained more.
        fold(i + 1);
        advance(c, tmax);
        room[c] = mem_->FreeTransactionSlots(int(c), w) - 1;
        room_write[c] = w;
      }
      unknown = m;
      if (m > 0) wait_for(m - 1);
      for (uint32_t c = uint32_t(part); c < channels_; c += 2) add_known(c);
      t_end[part] = tmax;
    };
    pair_->run([&](int part) {
      try {
        run_part(part);
      } catch (...) {
        stuck.store(true, std::memory_order_relaxed);
        throw;
      }
    });
    t = t_end[0];
  }
  return t;
}

void Dramsim3Dram::idle_step(uint64_t target) {
  // Fast-forwarded where DRAMsim3 has nothing to do but count the clocks (no request, command,
  // refresh or write drain pending; PROVENANCE patch 7), which gives the same state as ticking
  // them, and ticked otherwise.
  const uint64_t k = fast_forward_ ? std::min(mem_->IdleClocks(), target - clk_) : 0;
  if (k > 1) {
    mem_->SkipIdle(k);
    clk_ += k;
  } else {
    tick();
  }
}

DramStats Dramsim3Dram::stats() const {
  DramStats st;
  const dramsim3::Config& c = mem_->GetConfig();
  double act = 0, rd = 0, wr = 0, ref = 0, bg = 0;
  // Sampled mode accounts refresh from the preset's tREFI: one rank of every channel per
  // refresh interval of DRAM clock (DRAMsim3's own refresh is off there).
  const double sampled_refs = sampled_ ? double(refreshes_so_far()) : 0.0;
  double hits_sum = 0, misses_sum = 0, act_sum = 0, pre_sum = 0, ref_sum = 0;
  for (uint32_t ch = 0; ch < channels_; ++ch) {
    auto k = [&](int idx) { return counter(int(ch), idx); };
    const double reqs = k(0) + k(1);
    st.channel_bytes.push_back(static_cast<uint64_t>(std::llround(reqs * burst_bytes_)));
    const double hits = k(2) + k(3);
    hits_sum += hits;
    misses_sum += reqs - std::min(reqs, hits);
    act_sum += k(4);
    if (sampled_ && !close_page_) {
      // Open page: every ACT opens a row that a PRE closes later (a row change's, or a
      // refresh's), but the rows still open at the end. Sampled mode counts the ACTs (window,
      // decoded row opens, re-activations) but misses PREs: a request's extrapolated bursts
      // start from banks it has not seen yet, and a stream's later requests repeat the mean of
      // its first ones, first opens included. So the PREs are the ACTs less the banks opened
      // (each holds a row at the end, as no refresh closes it in DRAMsim3 here).
      const dramsim3::Config& cf = mem_->GetConfig();
      const size_t per_channel = size_t(ranks_) * size_t(cf.banks);
      double opened = 0;
      for (size_t i = 0; i < per_channel; ++i) opened += bank_opened_[size_t(ch) * per_channel + i];
      pre_sum += std::max(0.0, k(4) - opened);
    } else {
      pre_sum += k(5);
    }
    ref_sum += k(6) + k(7) + sampled_refs;
    act += k(4) * c.act_energy_inc;
    rd += k(8) * c.read_energy_inc;
    wr += k(9) * c.write_energy_inc;
    ref += (k(6) + sampled_refs) * c.ref_energy_inc + k(7) * c.refb_energy_inc;
    bg += k(10) * c.act_stb_energy_inc + k(11) * c.pre_stb_energy_inc + k(12) * c.sref_energy_inc;
  }
  st.row_hits = static_cast<uint64_t>(std::llround(hits_sum));
  st.row_misses = static_cast<uint64_t>(std::llround(misses_sum));
  st.activates = static_cast<uint64_t>(std::llround(act_sum));
  st.precharges = static_cast<uint64_t>(std::llround(pre_sum));
  st.refreshes = static_cast<uint64_t>(std::llround(ref_sum));
  // Losses (docs/dram.md, "Reports"): a refresh blocks its rank for tRFC; a read->write switch
  // costs the data bus RL - WL + tRTRS clocks beyond the burst, a write->read switch WL + tWTR_S.
  double r2w = 0, w2r = 0;
  for (uint32_t ch = 0; ch < channels_; ++ch) {
    r2w += counter(int(ch), 13);
    w2r += counter(int(ch), 14);
  }
  st.info["dram_clocks"] = double(clk_);
  st.info["tck_ns"] = tck_ns_;
  st.info["ranks_per_channel"] = c.ranks;
  st.info["refresh_rank_clocks"] = double(st.refreshes) * c.tRFC;
  st.info["read_to_write"] = r2w;
  st.info["write_to_read"] = w2r;
  st.info["turnaround_clocks"] = r2w * double(c.RL - c.WL + c.tRTRS) + w2r * double(c.WL + c.tWTR_S);
  if (interleaved_) {
    st.info["arbitration.interleaved"] = 1;
    st.info["arbitration.requests"] = double(next_request_id_);
    st.info["arbitration.overlapped_requests"] = double(overlapped_requests_);
  }
  if (sampled_) {
    st.info["sampling.sampled"] = 1;
    st.info["sampling.window_bursts"] = double(window_);
    st.info["sampling.bursts_simulated"] = double(bursts_simulated_);
    st.info["sampling.bursts_total"] = double(bursts_total_);
    st.info["sampling.clocks_ticked"] = double(ticks_);
    st.info["sampling.clocks_total"] = double(clk_);
    st.info["sampling.reactivations"] = reactivations_booked_;
  }
  // DRAMsim3's increments are V x mA x DRAM clocks (configuration.cc InitPowerParams), which its
  // stats call pJ; that is only true at tCK = 1 ns, so x tCK (ns) gives pJ. Activate and
  // precharge are one IDD0 term there.
  st.energy_pj = {{"activate_precharge", act * tck_ns_}, {"read", rd * tck_ns_}, {"write", wr * tck_ns_},
                  {"refresh", ref * tck_ns_}, {"background", bg * tck_ns_}};
  return st;
}

}  // namespace ternsim
