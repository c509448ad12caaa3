#include "sim/engine/arch_config.hpp"

namespace ternsim {

ArchConfig load_arch(ConfigNode root) {
  ArchConfig a;
  a.doc = root.doc();
  a.name = root.string("name");
  // 1 kHz .. 100 GHz: anything outside is a unit mistake (Hz or GHz instead of MHz).
  a.clock_mhz = root.real("clock_mhz", 1e-3, 1e5);
  a.tech_path = root.path("tech", "");
  if (root.has("fpga")) {
    ConfigNode f = root.child("fpga");
    a.fpga_device_path = f.path("device");
    f.finish();
  }
  a.ctx.clock_mhz = a.clock_mhz;
  if (root.has("memory_hierarchy")) {
    // A hierarchy of any depth (docs/memory_hierarchy.md) replaces the two fixed buffers; its
    // homes play their roles. Read only when present, so other archs resolve exactly as before.
    if (root.has("sram")) root.fail("sram", "expected either sram: or memory_hierarchy:, not both (the hierarchy's homes replace the two buffers)");
    if (root.has("fpga")) root.fail("memory_hierarchy", "expected no memory_hierarchy: on an FPGA target (fpga:): its BRAM/URAM costing knows only sram.weight_buffer/act_buffer");
    a.memory = MemoryHierarchy::from_config(root, a.tech_path);
    a.ctx.weight_buffer = a.memory->levels[a.memory->weight_home].as_sram();
    a.ctx.act_buffer = a.memory->levels[a.memory->act_home].as_sram();
  } else {
    ConfigNode sram = root.child("sram");
    a.ctx.weight_buffer = SramParams::from_config(sram.child("weight_buffer"));
    a.ctx.act_buffer = SramParams::from_config(sram.child("act_buffer"));
    sram.finish();
  }
  a.dram = DramParams::from_config(root.child("dram"));
  a.dma = DmaParams::from_config(root.child_or_empty("dma"));
  if (a.ctx.weight_buffer.capacity_bytes < a.dma.buffers)
    root.fail("dma", "sram.weight_buffer is smaller than dma.buffers bytes");
  a.vector = VectorParams::from_config(root.child_or_empty("vector"));
  a.recurrent = MlgruParams::from_config(root.child_or_empty("recurrent"));
  ConfigNode array = root.child("array");
  a.array = ArrayRegistry::create(array, a.ctx);
  // Read only when present, so an arch without it resolves (and reports) exactly as before.
  if (root.has("system")) a.system = SystemParams::from_config(root.child("system"));
  // Levels shared by a chip's cores (`shared: chip`): each core sees its 1/c share.
  if (a.memory && a.system && a.system->cores_per_chip > 1)
    for (MemoryLevel& l : a.memory->levels)
      if (l.shared_by_chip) l.share = a.system->cores_per_chip;
  a.dma.weights_resident = a.system && a.system->weights_resident;
  if (root.has("loop")) a.loop = LoopParams::from_config(root.child("loop"));
  root.finish();
  return a;
}

ArchConfig load_arch_file(const std::string& path, const std::vector<std::string>& overrides) {
  ConfigNode root = ConfigNode::load_file(path);
  for (const auto& o : overrides) root.apply_override(o);
  return load_arch(root);
}

}  // namespace ternsim
