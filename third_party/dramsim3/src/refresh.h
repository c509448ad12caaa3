#ifndef __REFRESH_H
#define __REFRESH_H

#include <vector>
#include "channel_state.h"
#include "common.h"
#include "configuration.h"

namespace dramsim3 {

class Refresh {
   public:
    Refresh(const Config& config, ChannelState& channel_state);
    void ClockTick();
    // ternsim patch: ClockTick calls before the next one that inserts a refresh, and k calls
    // that insert none (k <= ClocksToNextRefresh()).
    uint64_t ClocksToNextRefresh() const {
        const uint64_t i = static_cast<uint64_t>(refresh_interval_);
        if (clk_ == 0) return i;
        return clk_ % i == 0 ? 0 : i - clk_ % i;
    }
    void Skip(uint64_t k) {
        clk_ += k;
        phase_ = static_cast<int>(clk_ % static_cast<uint64_t>(refresh_interval_));
    }

   private:
    uint64_t clk_;
    int refresh_interval_;
    const Config& config_;
    ChannelState& channel_state_;
    RefreshPolicy refresh_policy_;

    int next_rank_, next_bg_, next_bank_;
    int phase_ = 0;  // ternsim patch: clk_ % refresh_interval_, kept by counting (no division per clock)

    void InsertRefresh();

    void IterateNext();
};

}  // namespace dramsim3

#endif