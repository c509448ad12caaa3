#ifndef __MEMORY_SYSTEM__H
#define __MEMORY_SYSTEM__H

#include <functional>
#include <string>

#include "configuration.h"
#include "dram_system.h"
#include "hmc.h"

namespace dramsim3 {

// This should be the interface class that deals with CPU
class MemorySystem {
   public:
    MemorySystem(const std::string &config_file, const std::string &output_dir,
                 std::function<void(uint64_t)> read_callback,
                 std::function<void(uint64_t)> write_callback);
    ~MemorySystem();
    void ClockTick();
    void RegisterCallbacks(std::function<void(uint64_t)> read_callback,
                           std::function<void(uint64_t)> write_callback);
    double GetTCK() const;
    int GetBusBits() const;
    int GetBurstLength() const;
    int GetQueueSize() const;
    void PrintStats() const;
    void ResetStats();

    bool WillAcceptTransaction(uint64_t hex_addr, bool is_write) const;
    // ternsim patches: statistics and the parsed configuration, read by the host.
    uint64_t Counter(const std::string& name, int channel) const { return dram_system_->Counter(name, channel); }
    std::vector<const uint64_t*> CounterCells(const std::string& name, int channel) const {  // ternsim patch 13
        return dram_system_->CounterCells(name, channel);
    }
    bool RankAllBanksIdle(int channel, int rank) const { return dram_system_->RankAllBanksIdle(channel, rank); }  // ternsim patch
    void RequestRankRefresh(int channel, int rank) { dram_system_->RequestRankRefresh(channel, rank); }  // ternsim patch 12
    uint64_t IdleClocks() const { return dram_system_->IdleClocks(); }  // ternsim patch
    void SkipIdle(uint64_t k) { dram_system_->SkipIdle(k); }             // ternsim patch
    void SetFastPaths(bool on) { dram_system_->SetFastPaths(on); }       // ternsim patch
    // ternsim patch: per-channel stepping (BaseDRAMSystem::TickChannel).
    int GetChannel(uint64_t hex_addr) const { return dram_system_->GetChannel(hex_addr); }
    int TickChannel(int ch, uint64_t clk) { return dram_system_->TickChannel(ch, clk); }
    bool WillAcceptOnChannel(int ch, uint64_t hex_addr, bool is_write) const {  // ternsim patch 10
        return dram_system_->WillAcceptOnChannel(ch, hex_addr, is_write);
    }
    void AddChannelTransaction(int ch, uint64_t hex_addr, bool is_write) {  // ternsim patch 10
        dram_system_->AddChannelTransaction(ch, hex_addr, is_write);
    }
    size_t FreeTransactionSlots(int ch, bool is_write) const {  // ternsim patch 14
        return dram_system_->FreeTransactionSlots(ch, is_write);
    }
    uint64_t ChannelIdleClocks(int ch) const { return dram_system_->ChannelIdleClocks(ch); }
    void SkipChannelIdle(int ch, uint64_t k) { dram_system_->SkipChannelIdle(ch, k); }
    void SetClock(uint64_t clk) { dram_system_->SetClock(clk); }
    uint64_t Clock() const { return dram_system_->Clock(); }
    const Config& GetConfig() const { return *config_; }
    bool AddTransaction(uint64_t hex_addr, bool is_write);

   private:
    // These have to be pointers because Gem5 will try to push this object
    // into container which will invoke a copy constructor, using pointers
    // here is safe
    Config *config_;
    BaseDRAMSystem *dram_system_;
};

MemorySystem* GetMemorySystem(const std::string &config_file, const std::string &output_dir,
                 std::function<void(uint64_t)> read_callback,
                 std::function<void(uint64_t)> write_callback);

}  // namespace dramsim3

#endif
