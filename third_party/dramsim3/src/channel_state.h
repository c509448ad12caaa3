#ifndef __CHANNEL_STATE_H
#define __CHANNEL_STATE_H

#include <array>    // ternsim patch: rank_floor_
#include <cstdint>  // ternsim patch: UINT64_MAX
#include <vector>
#include "bankstate.h"
#include "common.h"
#include "configuration.h"
#include "timing.h"

namespace dramsim3 {

class ChannelState {
   public:
    ChannelState(const Config& config, const Timing& timing);
    Command GetReadyCommand(const Command& cmd, uint64_t clk) const;
    void UpdateState(const Command& cmd);
    void UpdateTiming(const Command& cmd, uint64_t clk);
    void UpdateTimingAndStates(const Command& cmd, uint64_t clk);
    bool ActivationWindowOk(int rank, uint64_t curr_time) const;
    void UpdateActivationTimes(int rank, uint64_t curr_time);
    bool IsRowOpen(int rank, int bankgroup, int bank) const {
        return bank_states_[BankIndex(rank, bankgroup, bank)].IsRowOpen();
    }
    // ternsim patch: kept per rank by UpdateState (was a loop over the banks on every call).
    bool IsAllBankIdleInRank(int rank) const { return rank_all_idle_[rank] != 0; }
    // ternsim patch: the first clock at which GetReadyCommand(cmd, clock) can return a command
    // for a queued (non-rank) command, with the bank states as they are now. Later commands can
    // only delay it (timing constraints and activation windows only grow), except those that
    // change the state of cmd's bank (UpdateState).
    // GetReadyCommand below returns a command for a non-rank `cmd` exactly when the clock has
    // reached the bank's timing for the command it requires and, for an ACTIVATE, the four- (and
    // GDDR's 32-) activation window has room; both only grow with the clock.
    uint64_t ReadyClock(const Command& cmd) const {
        const BankState& bank = bank_states_[BankIndex(cmd.Rank(), cmd.Bankgroup(), cmd.Bank())];
        const CommandType required = bank.RequiredCommand(cmd);
        if (required == CommandType::SIZE) return UINT64_MAX;
        uint64_t t = bank.EarliestClock(required, rank_floor_[cmd.Rank()].data(),
                                        bg_floor_[BgIndex(cmd.Rank(), cmd.Bankgroup())].data());
        if (required == CommandType::ACTIVATE) {
            const auto& faw = four_aw_[cmd.Rank()];
            if (faw.size() >= 4 && faw[0] > t) t = faw[0];
            if (config_.IsGDDR()) {
                const auto& aw32 = thirty_two_aw_[cmd.Rank()];
                if (aw32.size() >= 32 && aw32[0] > t) t = aw32[0];
            }
        }
        return t;
    }
    // ternsim patch 19: ReadyClock for a rank command (a rank REFRESH): GetReadyCommand returns
    // the other command (a PRECHARGE) that the first bank requiring one can issue, else `cmd`
    // once every bank requires `cmd` itself and can issue it. So the first clock is the earliest
    // such other command's, or, with every bank requiring `cmd`, the latest bank's clock for it.
    uint64_t RankReadyClock(const Command& cmd) const {
        uint64_t other = UINT64_MAX, all = 0;
        bool every_bank_cmd = true;
        for (int j = 0; j < config_.bankgroups; j++) {
            for (int k = 0; k < config_.banks_per_group; k++) {
                const BankState& bank = bank_states_[BankIndex(cmd.Rank(), j, k)];
                const CommandType required = bank.RequiredCommand(cmd);
                if (required == CommandType::SIZE) {
                    every_bank_cmd = false;
                    continue;
                }
                const uint64_t t = bank.EarliestClock(required, rank_floor_[cmd.Rank()].data(),
                                                      bg_floor_[BgIndex(cmd.Rank(), j)].data());
                if (required != cmd.cmd_type) {
                    every_bank_cmd = false;
                    other = std::min(other, t);
                } else {
                    all = std::max(all, t);
                }
            }
        }
        return every_bank_cmd ? all : other;  // with every bank requiring `cmd`, `other` is unset
    }
    bool IsRankSelfRefreshing(int rank) const { return rank_is_sref_[rank]; }
    bool IsRefreshWaiting() const { return !refresh_q_.empty(); }
    bool IsRWPendingOnRef(const Command& cmd) const;
    const Command& PendingRefCommand() const {return refresh_q_.front(); }
    void BankNeedRefresh(int rank, int bankgroup, int bank, bool need);
    void RankNeedRefresh(int rank, bool need);
    int OpenRow(int rank, int bankgroup, int bank) const {
        return bank_states_[BankIndex(rank, bankgroup, bank)].OpenRow();
    }
    int RowHitCount(int rank, int bankgroup, int bank) const {
        return bank_states_[BankIndex(rank, bankgroup, bank)].RowHitCount();
    };

    std::vector<int> rank_idle_cycles;

   private:
    const Config& config_;
    const Timing& timing_;

    std::vector<bool> rank_is_sref_;
    std::vector<char> rank_all_idle_;  // ternsim patch: IsAllBankIdleInRank per rank
    // ternsim patch: with fast paths, a command whose "other bank groups" timing list is covered
    // by its same-bank and same-bank-group lists (each type in it there too, with a delay at least
    // as long) raises its rank's floor (rank_floor_, one entry per command type) instead of the
    // timing of every bank in the other bank groups. A bank's timing is the larger of its own and
    // its rank's floor: for the banks of the other bank groups that is what the loop would have
    // stored; for those of the command's own bank group the floor's value is not more than what
    // the command stored in them itself. rank_floor_ok_[command type] says whether it is covered.
    std::vector<std::array<uint64_t, static_cast<int>(CommandType::SIZE)> > rank_floor_;
    std::vector<char> rank_floor_ok_;
    // ternsim patch: the same one level down. A command whose "other banks of the bank group"
    // list is covered by its same-bank list raises its bank group's floor (bg_floor_, per rank x
    // bank group) instead of the timing of the other banks of its group; for them that is what
    // the loop would have stored, for its own bank not more than what the command stored there.
    std::vector<std::array<uint64_t, static_cast<int>(CommandType::SIZE)> > bg_floor_;
    std::vector<char> bg_floor_ok_;
    int BgIndex(int rank, int bankgroup) const { return rank * config_.bankgroups + bankgroup; }
    typedef std::vector<std::pair<CommandType, int> > TimingList;
    static bool Covers(const TimingList& by, const TimingList& list);
    static void RaiseFloor(std::array<uint64_t, static_cast<int>(CommandType::SIZE)>& floor,
                           const TimingList& list, uint64_t clk);
    bool fast_ = false;

   public:
    void SetFastPaths(bool on) { fast_ = on; }  // ternsim patch

   private:
    bool ComputeAllBankIdleInRank(int rank) const;  // ternsim patch: the original loop
    // ternsim patch: one contiguous array, indexed by BankIndex (was a vector of vectors of
    // vectors, three dependent loads per access on the per-clock scans).
    std::vector<BankState> bank_states_;
    int BankIndex(int rank, int bankgroup, int bank) const {
        return (rank * config_.bankgroups + bankgroup) * config_.banks_per_group + bank;
    }
    std::vector<Command> refresh_q_;

    std::vector<std::vector<uint64_t> > four_aw_;
    std::vector<std::vector<uint64_t> > thirty_two_aw_;
    bool IsFAWReady(int rank, uint64_t curr_time) const;
    bool Is32AWReady(int rank, uint64_t curr_time) const;
    // Update timing of the bank the command corresponds to
    void UpdateSameBankTiming(
        const Address& addr,
        const std::vector<std::pair<CommandType, int> >& cmd_timing_list,
        uint64_t clk);

    // Update timing of the other banks in the same bankgroup as the command
    void UpdateOtherBanksSameBankgroupTiming(
        const Address& addr,
        const std::vector<std::pair<CommandType, int> >& cmd_timing_list,
        uint64_t clk);

    // Update timing of banks in the same rank but different bankgroup as the
    // command
    void UpdateOtherBankgroupsSameRankTiming(
        const Address& addr,
        const std::vector<std::pair<CommandType, int> >& cmd_timing_list,
        uint64_t clk);

    // Update timing of banks in a different rank as the command
    void UpdateOtherRanksTiming(
        const Address& addr,
        const std::vector<std::pair<CommandType, int> >& cmd_timing_list,
        uint64_t clk);

    // Update timing of the entire rank (for rank level commands)
    void UpdateSameRankTiming(
        const Address& addr,
        const std::vector<std::pair<CommandType, int> >& cmd_timing_list,
        uint64_t clk);
};

}  // namespace dramsim3
#endif
