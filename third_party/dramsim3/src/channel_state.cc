#include "channel_state.h"

#include <algorithm>  // ternsim patch: std::max
#include <cstdint>    // ternsim patch: UINT64_MAX

namespace dramsim3 {
// ternsim patch: whether every (type, delay) of `list` is in `by` with a delay at least as long
// (so a floor raised by `list` never exceeds what `by` stored in the command's own bank).
bool ChannelState::Covers(const TimingList& by, const TimingList& list) {
    for (const auto& other : list) {
        bool covered = false;
        for (const auto& e : by) {
            if (e.first == other.first && e.second >= other.second) covered = true;
        }
        if (!covered) return false;
    }
    return true;
}

// ternsim patch: a floor (per command type) raised to clk + each delay of `list`.
void ChannelState::RaiseFloor(std::array<uint64_t, static_cast<int>(CommandType::SIZE)>& floor,
                              const TimingList& list, uint64_t clk) {
    for (const auto& ct : list) {
        uint64_t& f = floor[static_cast<int>(ct.first)];
        if (clk + ct.second > f) f = clk + ct.second;
    }
}

ChannelState::ChannelState(const Config& config, const Timing& timing)
    : rank_idle_cycles(config.ranks, 0),
      config_(config),
      timing_(timing),
      rank_is_sref_(config.ranks, false),
      rank_all_idle_(config.ranks, 1),  // ternsim patch: every bank starts closed
      four_aw_(config_.ranks, std::vector<uint64_t>()),
      thirty_two_aw_(config_.ranks, std::vector<uint64_t>()) {
    // ternsim patch: rank and bank-group floors (channel_state.h).
    std::array<uint64_t, static_cast<int>(CommandType::SIZE)> zero;
    zero.fill(0);
    rank_floor_.assign(config_.ranks, zero);
    rank_floor_ok_.assign(static_cast<int>(CommandType::SIZE), 0);
    bg_floor_.assign(config_.ranks * config_.bankgroups, zero);
    bg_floor_ok_.assign(static_cast<int>(CommandType::SIZE), 0);
    for (int c = 0; c < static_cast<int>(CommandType::SIZE); c++) {
        const TimingList& same_bank = timing_.same_bank[c];
        const TimingList& same_bg = timing_.other_banks_same_bankgroup[c];
        rank_floor_ok_[c] = Covers(same_bank, timing_.other_bankgroups_same_rank[c]) &&
                            (config_.banks_per_group <= 1 || Covers(same_bg, timing_.other_bankgroups_same_rank[c]));
        bg_floor_ok_[c] = Covers(same_bank, same_bg);
    }
    // ternsim patch: ranks x bankgroups x banks_per_group, flat (BankIndex).
    bank_states_.assign(config_.ranks * config_.bankgroups * config_.banks_per_group, BankState());
}

bool ChannelState::ComputeAllBankIdleInRank(int rank) const {  // ternsim patch: was IsAllBankIdleInRank
    for (int j = 0; j < config_.bankgroups; j++) {
        for (int k = 0; k < config_.banks_per_group; k++) {
            if (bank_states_[BankIndex(rank, j, k)].IsRowOpen()) {
                return false;
            }
        }
    }
    return true;
}

// ternsim patch: ReadyClock is defined in channel_state.h (inlined into the command queue's scan).

bool ChannelState::IsRWPendingOnRef(const Command& cmd) const {
    int rank = cmd.Rank();
    int bankgroup = cmd.Bankgroup();
    int bank = cmd.Bank();
    return (IsRowOpen(rank, bankgroup, bank) &&
            RowHitCount(rank, bankgroup, bank) == 0 &&
            bank_states_[BankIndex(rank, bankgroup, bank)].OpenRow() == cmd.Row());
}

void ChannelState::BankNeedRefresh(int rank, int bankgroup, int bank,
                                   bool need) {
    if (need) {
        Address addr = Address(-1, rank, bankgroup, bank, -1, -1);
        refresh_q_.emplace_back(CommandType::REFRESH_BANK, addr, -1);
    } else {
        for (auto it = refresh_q_.begin(); it != refresh_q_.end(); it++) {
            if (it->Rank() == rank && it->Bankgroup() == bankgroup &&
                it->Bank() == bank) {
                refresh_q_.erase(it);
                break;
            }
        }
    }
    return;
}

void ChannelState::RankNeedRefresh(int rank, bool need) {
    if (need) {
        Address addr = Address(-1, rank, -1, -1, -1, -1);
        refresh_q_.emplace_back(CommandType::REFRESH, addr, -1);
    } else {
        for (auto it = refresh_q_.begin(); it != refresh_q_.end(); it++) {
            if (it->Rank() == rank) {
                refresh_q_.erase(it);
                break;
            }
        }
    }
    return;
}

Command ChannelState::GetReadyCommand(const Command& cmd, uint64_t clk) const {
    Command ready_cmd = Command();
    if (cmd.IsRankCMD()) {
        int num_ready = 0;
        for (auto j = 0; j < config_.bankgroups; j++) {
            for (auto k = 0; k < config_.banks_per_group; k++) {
                ready_cmd = bank_states_[BankIndex(cmd.Rank(), j, k)].GetReadyCommand(
                    cmd, clk, rank_floor_[cmd.Rank()].data(),
                    bg_floor_[BgIndex(cmd.Rank(), j)].data());  // ternsim patch: floors
                if (!ready_cmd.IsValid()) {  // Not ready
                    continue;
                }
                if (ready_cmd.cmd_type != cmd.cmd_type) {  // likely PRECHARGE
                    Address new_addr = Address(-1, cmd.Rank(), j, k, -1, -1);
                    ready_cmd.addr = new_addr;
                    return ready_cmd;
                } else {
                    num_ready++;
                }
            }
        }
        // All bank ready
        if (num_ready == config_.banks) {
            return ready_cmd;
        } else {
            return Command();
        }
    } else {
        ready_cmd = bank_states_[BankIndex(cmd.Rank(), cmd.Bankgroup(), cmd.Bank())]
                        .GetReadyCommand(cmd, clk, rank_floor_[cmd.Rank()].data(),
                                         bg_floor_[BgIndex(cmd.Rank(), cmd.Bankgroup())].data());  // ternsim patch: floors
        if (!ready_cmd.IsValid()) {
            return Command();
        }
        if (ready_cmd.cmd_type == CommandType::ACTIVATE) {
            if (!ActivationWindowOk(ready_cmd.Rank(), clk)) {
                return Command();
            }
        }
        return ready_cmd;
    }
}

void ChannelState::UpdateState(const Command& cmd) {
    if (cmd.IsRankCMD()) {
        for (auto j = 0; j < config_.bankgroups; j++) {
            for (auto k = 0; k < config_.banks_per_group; k++) {
                bank_states_[BankIndex(cmd.Rank(), j, k)].UpdateState(cmd);
            }
        }
        if (cmd.IsRefresh()) {
            RankNeedRefresh(cmd.Rank(), false);
        } else if (cmd.cmd_type == CommandType::SREF_ENTER) {
            rank_is_sref_[cmd.Rank()] = true;
        } else if (cmd.cmd_type == CommandType::SREF_EXIT) {
            rank_is_sref_[cmd.Rank()] = false;
        }
    } else {
        bank_states_[BankIndex(cmd.Rank(), cmd.Bankgroup(), cmd.Bank())].UpdateState(cmd);
        if (cmd.IsRefresh()) {
            BankNeedRefresh(cmd.Rank(), cmd.Bankgroup(), cmd.Bank(), false);
        }
    }
    // ternsim patch 15: a READ or WRITE leaves its bank open (BankState::UpdateState counts a
    // row hit), so the rank's all-banks-idle flag stays what it was.
    if (cmd.cmd_type != CommandType::READ && cmd.cmd_type != CommandType::WRITE) {
        rank_all_idle_[cmd.Rank()] = ComputeAllBankIdleInRank(cmd.Rank()) ? 1 : 0;  // ternsim patch
    }
    return;
}

void ChannelState::UpdateTiming(const Command& cmd, uint64_t clk) {
    switch (cmd.cmd_type) {
        case CommandType::ACTIVATE:
            UpdateActivationTimes(cmd.Rank(), clk);
        case CommandType::READ:
        case CommandType::READ_PRECHARGE:
        case CommandType::WRITE:
        case CommandType::WRITE_PRECHARGE:
        case CommandType::PRECHARGE:
        case CommandType::REFRESH_BANK:
            // TODO - simulator speed? - Speciazlize which of the below
            // functions to call depending on the command type  Same Bank
            UpdateSameBankTiming(
                cmd.addr, timing_.same_bank[static_cast<int>(cmd.cmd_type)],
                clk);

            // Same Bankgroup other banks
            if (fast_ && bg_floor_ok_[static_cast<int>(cmd.cmd_type)]) {
                // ternsim patch: the bank group's floor instead (channel_state.h)
                RaiseFloor(bg_floor_[BgIndex(cmd.Rank(), cmd.Bankgroup())],
                           timing_.other_banks_same_bankgroup[static_cast<int>(cmd.cmd_type)], clk);
            } else {
            UpdateOtherBanksSameBankgroupTiming(
                cmd.addr,
                timing_
                    .other_banks_same_bankgroup[static_cast<int>(cmd.cmd_type)],
                clk);
            }

            // Other bankgroups
            if (fast_ && rank_floor_ok_[static_cast<int>(cmd.cmd_type)]) {
                // ternsim patch: the rank's floor instead (channel_state.h)
                RaiseFloor(rank_floor_[cmd.Rank()],
                           timing_.other_bankgroups_same_rank[static_cast<int>(cmd.cmd_type)], clk);
            } else {
            UpdateOtherBankgroupsSameRankTiming(
                cmd.addr,
                timing_
                    .other_bankgroups_same_rank[static_cast<int>(cmd.cmd_type)],
                clk);
            }

            // Other ranks
            UpdateOtherRanksTiming(
                cmd.addr, timing_.other_ranks[static_cast<int>(cmd.cmd_type)],
                clk);
            break;
        case CommandType::REFRESH:
        case CommandType::SREF_ENTER:
        case CommandType::SREF_EXIT:
            UpdateSameRankTiming(
                cmd.addr, timing_.same_rank[static_cast<int>(cmd.cmd_type)],
                clk);
            break;
        default:
            AbruptExit(__FILE__, __LINE__);
    }
    return;
}

void ChannelState::UpdateSameBankTiming(
    const Address& addr,
    const std::vector<std::pair<CommandType, int>>& cmd_timing_list,
    uint64_t clk) {
    for (auto cmd_timing : cmd_timing_list) {
        bank_states_[BankIndex(addr.rank, addr.bankgroup, addr.bank)].UpdateTiming(
            cmd_timing.first, clk + cmd_timing.second);
    }
    return;
}

void ChannelState::UpdateOtherBanksSameBankgroupTiming(
    const Address& addr,
    const std::vector<std::pair<CommandType, int>>& cmd_timing_list,
    uint64_t clk) {
    for (auto k = 0; k < config_.banks_per_group; k++) {
        if (k != addr.bank) {
            for (auto cmd_timing : cmd_timing_list) {
                bank_states_[BankIndex(addr.rank, addr.bankgroup, k)].UpdateTiming(
                    cmd_timing.first, clk + cmd_timing.second);
            }
        }
    }
    return;
}

void ChannelState::UpdateOtherBankgroupsSameRankTiming(
    const Address& addr,
    const std::vector<std::pair<CommandType, int>>& cmd_timing_list,
    uint64_t clk) {
    for (auto j = 0; j < config_.bankgroups; j++) {
        if (j != addr.bankgroup) {
            for (auto k = 0; k < config_.banks_per_group; k++) {
                for (auto cmd_timing : cmd_timing_list) {
                    bank_states_[BankIndex(addr.rank, j, k)].UpdateTiming(
                        cmd_timing.first, clk + cmd_timing.second);
                }
            }
        }
    }
    return;
}

void ChannelState::UpdateOtherRanksTiming(
    const Address& addr,
    const std::vector<std::pair<CommandType, int>>& cmd_timing_list,
    uint64_t clk) {
    for (auto i = 0; i < config_.ranks; i++) {
        if (i != addr.rank) {
            for (auto j = 0; j < config_.bankgroups; j++) {
                for (auto k = 0; k < config_.banks_per_group; k++) {
                    for (auto cmd_timing : cmd_timing_list) {
                        bank_states_[BankIndex(i, j, k)].UpdateTiming(
                            cmd_timing.first, clk + cmd_timing.second);
                    }
                }
            }
        }
    }
    return;
}

void ChannelState::UpdateSameRankTiming(
    const Address& addr,
    const std::vector<std::pair<CommandType, int>>& cmd_timing_list,
    uint64_t clk) {
    for (auto j = 0; j < config_.bankgroups; j++) {
        for (auto k = 0; k < config_.banks_per_group; k++) {
            for (auto cmd_timing : cmd_timing_list) {
                bank_states_[BankIndex(addr.rank, j, k)].UpdateTiming(
                    cmd_timing.first, clk + cmd_timing.second);
            }
        }
    }
    return;
}

void ChannelState::UpdateTimingAndStates(const Command& cmd, uint64_t clk) {
    UpdateState(cmd);
    UpdateTiming(cmd, clk);
    return;
}

bool ChannelState::ActivationWindowOk(int rank, uint64_t curr_time) const {
    bool tfaw_ok = IsFAWReady(rank, curr_time);
    if (config_.IsGDDR()) {
        if (!tfaw_ok)
            return false;
        else
            return Is32AWReady(rank, curr_time);
    }
    return tfaw_ok;
}

void ChannelState::UpdateActivationTimes(int rank, uint64_t curr_time) {
    if (!four_aw_[rank].empty() && curr_time >= four_aw_[rank][0]) {
        four_aw_[rank].erase(four_aw_[rank].begin());
    }
    four_aw_[rank].push_back(curr_time + config_.tFAW);
    if (config_.IsGDDR()) {
        if (!thirty_two_aw_[rank].empty() &&
            curr_time >= thirty_two_aw_[rank][0]) {
            thirty_two_aw_[rank].erase(thirty_two_aw_[rank].begin());
        }
        thirty_two_aw_[rank].push_back(curr_time + config_.t32AW);
    }
    return;
}

bool ChannelState::IsFAWReady(int rank, uint64_t curr_time) const {
    if (!four_aw_[rank].empty()) {
        if (curr_time < four_aw_[rank][0] && four_aw_[rank].size() >= 4) {
            return false;
        }
    }
    return true;
}

bool ChannelState::Is32AWReady(int rank, uint64_t curr_time) const {
    if (!thirty_two_aw_[rank].empty()) {
        if (curr_time < thirty_two_aw_[rank][0] &&
            thirty_two_aw_[rank].size() >= 32) {
            return false;
        }
    }
    return true;
}

}  // namespace dramsim3
