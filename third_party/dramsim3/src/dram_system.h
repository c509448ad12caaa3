#ifndef __DRAM_SYSTEM_H
#define __DRAM_SYSTEM_H

#include <algorithm>  // ternsim patch: std::min
#include <fstream>
#include <string>
#include <vector>

#include "common.h"
#include "configuration.h"
#include "controller.h"
#include "timing.h"

#ifdef THERMAL
#include "thermal.h"
#endif  // THERMAL

namespace dramsim3 {

class BaseDRAMSystem {
   public:
    BaseDRAMSystem(Config &config, const std::string &output_dir,
                   std::function<void(uint64_t)> read_callback,
                   std::function<void(uint64_t)> write_callback);
    virtual ~BaseDRAMSystem() {}
    void RegisterCallbacks(std::function<void(uint64_t)> read_callback,
                           std::function<void(uint64_t)> write_callback);
    void PrintEpochStats();
    void PrintStats();
    void ResetStats();

    virtual bool WillAcceptTransaction(uint64_t hex_addr,
                                       bool is_write) const = 0;
    virtual bool AddTransaction(uint64_t hex_addr, bool is_write) = 0;
    virtual void ClockTick() = 0;
    int GetChannel(uint64_t hex_addr) const;

    std::function<void(uint64_t req_id)> read_callback_, write_callback_;
    static int total_channels_;

    // ternsim patch: counter `name` of channel `ch`, read by the host.
    uint64_t Counter(const std::string& name, int ch) const {
        // ternsim patch: the turnaround counts live in the controller, not its stats.
        if (name == "ternsim_read_to_write") return ctrls_[ch]->ReadToWrite();
        if (name == "ternsim_write_to_read") return ctrls_[ch]->WriteToRead();
        return ctrls_[ch]->Stats().Counter(name);
    }
    // ternsim patch 13: the cells Counter(name, ch) sums (SimpleStats::CounterCells).
    std::vector<const uint64_t*> CounterCells(const std::string& name, int ch) const {
        if (name == "ternsim_read_to_write") return {ctrls_[ch]->ReadToWriteCell()};
        if (name == "ternsim_write_to_read") return {ctrls_[ch]->WriteToReadCell()};
        return ctrls_[ch]->Stats().CounterCells(name);
    }
    bool RankAllBanksIdle(int ch, int rank) const { return ctrls_[ch]->RankAllBanksIdle(rank); }  // ternsim patch
    void RequestRankRefresh(int ch, int rank) { ctrls_[ch]->RequestRankRefresh(rank); }  // ternsim patch 12
    // ternsim patch: idle fast-forward over all channels (Controller::IdleClocks / SkipIdle);
    // never across an epoch boundary that would print statistics.
    uint64_t IdleClocks() const {
        uint64_t k = ~0ull;
        for (auto* c : ctrls_) k = std::min(k, c->IdleClocks());
        if (config_.output_level >= 1) k = 0;
        return k;
    }
    void SkipIdle(uint64_t k) {
        for (auto* c : ctrls_) c->SkipIdle(k);
        clk_ += k;
    }
    // ternsim patch: one channel's part of a ClockTick at system clock `clk` (its completed
    // transactions returned through the callbacks, then its controller ticked); returns how many
    // were returned. Channels share no state, so a host may step them one at a time as long as
    // every channel has been stepped to the same clock before ClockTick is called again and
    // SetClock tells the system that clock (JedecDRAMSystem only; no epoch statistics).
    int TickChannel(int ch, uint64_t clk) {
        int returned = 0;
        while (true) {
            auto pair = ctrls_[ch]->ReturnDoneTrans(clk);
            if (pair.second == 1) {
                write_callback_(pair.first);
            } else if (pair.second == 0) {
                read_callback_(pair.first);
            } else {
                break;
            }
            ++returned;
        }
        ctrls_[ch]->ClockTick();
        return returned;
    }
    // ternsim patch: AddTransaction on channel `ch` (the address's own), without the system's
    // last_req_clk_ (only HMC reads it), so two host threads may add to different channels.
    bool WillAcceptOnChannel(int ch, uint64_t hex_addr, bool is_write) const {
        return ctrls_[ch]->WillAcceptTransaction(hex_addr, is_write);
    }
    void AddChannelTransaction(int ch, uint64_t hex_addr, bool is_write) {
        ctrls_[ch]->AddTransaction(Transaction(hex_addr, is_write));
    }
    // ternsim patch 14: Controller::FreeTransactionSlots of channel `ch`.
    size_t FreeTransactionSlots(int ch, bool is_write) const { return ctrls_[ch]->FreeTransactionSlots(is_write); }
    uint64_t ChannelIdleClocks(int ch) const { return ctrls_[ch]->IdleClocks(); }
    void SkipChannelIdle(int ch, uint64_t k) { ctrls_[ch]->SkipIdle(k); }
    void SetClock(uint64_t clk) { clk_ = clk; }
    uint64_t Clock() const { return clk_; }
    // ternsim patch: the controllers' exact scan shortcuts (Controller::SetFastPaths).
    void SetFastPaths(bool on) {
        for (auto* c : ctrls_) c->SetFastPaths(on);
    }

   protected:
    uint64_t id_;
    uint64_t last_req_clk_;
    Config &config_;
    Timing timing_;
    uint64_t parallel_cycles_;
    uint64_t serial_cycles_;

#ifdef THERMAL
    ThermalCalculator thermal_calc_;
#endif  // THERMAL

    uint64_t clk_;
    std::vector<Controller*> ctrls_;

#ifdef ADDR_TRACE
    std::ofstream address_trace_;
#endif  // ADDR_TRACE
};

// hmmm not sure this is the best naming...
class JedecDRAMSystem : public BaseDRAMSystem {
   public:
    JedecDRAMSystem(Config &config, const std::string &output_dir,
                    std::function<void(uint64_t)> read_callback,
                    std::function<void(uint64_t)> write_callback);
    ~JedecDRAMSystem();
    bool WillAcceptTransaction(uint64_t hex_addr, bool is_write) const override;
    bool AddTransaction(uint64_t hex_addr, bool is_write) override;
    void ClockTick() override;
};

// Model a memorysystem with an infinite bandwidth and a fixed latency (possibly
// zero) To establish a baseline for what a 'good' memory standard can and
// cannot do for a given application
class IdealDRAMSystem : public BaseDRAMSystem {
   public:
    IdealDRAMSystem(Config &config, const std::string &output_dir,
                    std::function<void(uint64_t)> read_callback,
                    std::function<void(uint64_t)> write_callback);
    ~IdealDRAMSystem();
    bool WillAcceptTransaction(uint64_t hex_addr,
                               bool is_write) const override {
        return true;
    };
    bool AddTransaction(uint64_t hex_addr, bool is_write) override;
    void ClockTick() override;

   private:
    int latency_;
    std::vector<Transaction> infinite_buffer_q_;
};

}  // namespace dramsim3
#endif  // __DRAM_SYSTEM_H
