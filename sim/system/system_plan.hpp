#pragma once
// What a parallel mapping turns one workload into: a program (workload) per class of
// identical workers, plus the collectives that link them. Each program is simulated by one
// chip (today's Accelerator); its collective ops carry an id into `collectives`, and every
// simulated program taking part in a collective meets the others there (link_unit.hpp).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/arch_config.hpp"
#include "sim/kernel/registry.hpp"
#include "sim/system/interconnect.hpp"
#include "sim/workload/op.hpp"

namespace ternsim {

struct CollectiveSpec {
  std::string name;
  CollectiveKind kind = CollectiveKind::AllReduce;
  double bytes = 0;               // whole tensor per participant (point to point: what is sent)
  std::vector<uint32_t> members;  // worker ids (point to point: {source, destination})
  uint32_t arrivals = 0;          // simulated programs that take part (set by finalize())
  // The same collective among the twins of `members` (the other tensor groups, pipeline ranks
  // and data replicas that the simulated members stand for), on their own links at the same
  // time: booked and reported, never simulated. Empty when every worker is simulated.
  std::vector<std::vector<uint32_t>> mirrors;
};

struct WorkerProgram {
  std::vector<uint32_t> workers;  // the identical workers this program stands for
  Workload workload;
};

// A dimension that did not divide evenly and was padded: the padded rows/columns are computed
// like real ones (that is the stated cost) and their results thrown away.
struct Padding {
  std::string op, dim;
  uint64_t from = 0, to = 0;  // per worker: exact share -> padded share
};

struct SystemPlan {
  std::vector<WorkerProgram> programs;
  std::vector<CollectiveSpec> collectives;
  std::vector<Padding> padding;
  // Sets each collective's arrivals and checks every worker is simulated exactly once.
  void finalize(uint32_t workers);
  // Adds a collective op (with the spec) to `wl` after `deps`; returns its op index.
  size_t add_collective(Workload& wl, CollectiveSpec spec, std::vector<size_t> deps);
};

// ceil(x / parts), recording the padding when parts does not divide x.
uint64_t split_dim(SystemPlan& plan, const Op& op, const char* dim, uint64_t x, uint32_t parts);

// One way of spreading work over workers (tensor, pipeline, data parallel), registered by
// name. Mappings run in the order data -> pipeline -> tensor, each splitting the programs the
// previous one produced; a degree of 1 leaves the plan alone.
class ParallelMapping {
 public:
  virtual ~ParallelMapping() = default;
  virtual void apply(SystemPlan& plan, const ArchConfig& arch) const = 0;
};
class ParallelMappingRegistry : public Registry<ParallelMapping> {};

#define TERNSIM_REGISTER_PARALLEL_MAPPING(NAME, CLASS)                                                \
  static const bool ternsim_parallel_mapping_registered_##CLASS = ::ternsim::ParallelMappingRegistry::add( \
      NAME, [] { return std::unique_ptr<::ternsim::ParallelMapping>(new CLASS()); })

// Worker id of tensor rank t in pipeline stage s of data replica d.
inline uint32_t worker_id(const SystemParams& s, uint32_t d, uint32_t stage, uint32_t t) {
  return (d * s.pp + stage) * s.tp + t;
}

// A worker's name in reports and traces: chip<c>, or chip<c>_core<k> when chips have cores.
inline std::string worker_name(const SystemParams& s, uint32_t w) {
  if (s.cores_per_chip == 1) return "chip" + std::to_string(w);
  return "chip" + std::to_string(w / s.cores_per_chip) + "_core" + std::to_string(w % s.cores_per_chip);
}

// The whole mapping: data, pipeline and tensor parallel in turn. Throws MappingError.
SystemPlan plan_system(const ArchConfig& arch, const Workload& wl);

}  // namespace ternsim
