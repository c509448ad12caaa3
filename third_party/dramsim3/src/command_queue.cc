#include "command_queue.h"

#include <algorithm>  // ternsim patch: std::min
#include <cstdint>    // ternsim patch: UINT64_MAX

namespace dramsim3 {

CommandQueue::CommandQueue(int channel_id, const Config& config,
                           const ChannelState& channel_state,
                           SimpleStats& simple_stats)
    : rank_q_empty(config.ranks, true),
      config_(config),
      channel_state_(channel_state),
      simple_stats_(simple_stats),
      is_in_ref_(false),
      queue_size_(static_cast<size_t>(config_.cmd_queue_size)),
      queue_idx_(0),
      clk_(0) {
    if (config_.queue_structure == "PER_BANK") {
        queue_structure_ = QueueStructure::PER_BANK;
        num_queues_ = config_.banks * config_.ranks;
    } else if (config_.queue_structure == "PER_RANK") {
        queue_structure_ = QueueStructure::PER_RANK;
        num_queues_ = config_.ranks;
    } else {
        std::cerr << "Unsupportted queueing structure "
                  << config_.queue_structure << std::endl;
        AbruptExit(__FILE__, __LINE__);
    }

    idle_until_.assign(num_queues_, 0);  // ternsim patch: per-queue idle records (command_queue.h)
    alike_.assign(num_queues_, 1);       // ternsim patch 16: every queue starts empty
    queues_.reserve(num_queues_);
    for (int i = 0; i < num_queues_; i++) {
        auto cmd_queue = std::vector<Command>();
        cmd_queue.reserve(config_.cmd_queue_size);
        queues_.push_back(cmd_queue);
    }
}

Command CommandQueue::GetCommandToIssue() {
    // ternsim patch: no queue can have a ready command yet (command_queue.h); a fruitless full
    // scan would leave queue_idx_ where it is.
    if (fast_ && !is_in_ref_ && clk_ < next_ready_) {
        return Command();
    }
    if (fast_ && !is_in_ref_ && num_queues_ <= 64) {
        return GetCommandToIssueFast();
    }
    // ternsim patch 19: a refresh involving every queue (one rank): the loop below would skip
    // them all and bring queue_idx_ round to where it is.
    if (fast_ && is_in_ref_ && static_cast<int>(ref_q_indices_.size()) == num_queues_) {
        return Command();
    }
    uint64_t next_ready = UINT64_MAX;  // ternsim patch
    for (int i = 0; i < num_queues_; i++) {
        auto& queue = GetNextQueue();
        // if we're refresing, skip the command queues that are involved
        if (is_in_ref_) {
            if (ref_q_indices_.find(queue_idx_) != ref_q_indices_.end()) {
                continue;
            }
        }
        // ternsim patch: this queue's scan would find nothing (command_queue.h).
        if (fast_ && clk_ < idle_until_[queue_idx_]) {
            next_ready = std::min(next_ready, idle_until_[queue_idx_]);
            continue;
        }
        // ternsim patch: with fast paths, one pass finds the first ready command and, failing
        // that, when the queue can next have one (RecordQueueIdle).
        uint64_t earliest = UINT64_MAX;
        size_t at = 0;
        auto cmd = fast_ ? GetFirstReadyInQueueOrEarliest(queue, earliest, at)
                         : GetFirstReadyInQueue(queue);
        if (cmd.IsValid()) {
            if (cmd.IsReadWrite()) {
                if (fast_) EraseRWCommandAt(queue_idx_, at);  // ternsim patch 15
                else EraseRWCommand(cmd);
            }
            return cmd;
        }
        if (fast_) {  // ternsim patch: the queue's idle record (below)
            idle_until_[queue_idx_] = earliest;
            next_ready = std::min(next_ready, earliest);
        }
    }
    // ternsim patch: every queue was scanned or known idle (none is skipped for a refresh).
    if (fast_ && !is_in_ref_) next_ready_ = next_ready;
    return Command();
}

// ternsim patch: the loop above without a refresh under way, visiting only the queues that hold
// commands (nonempty_mask_), from queue_idx_ + 1 round robin; queue_idx_ ends on the queue whose
// command is returned, or where it was.
Command CommandQueue::GetCommandToIssueFast() {
    const int start = queue_idx_ + 1 == num_queues_ ? 0 : queue_idx_ + 1;
    const uint64_t upper = start == 0 ? ~0ull : ~0ull << start;
    const uint64_t parts[2] = {nonempty_mask_ & upper, nonempty_mask_ & ~upper};
    uint64_t next_ready = UINT64_MAX;
    for (uint64_t part : parts) {
        while (part != 0) {
            const int q = __builtin_ctzll(part);
            part &= part - 1;
            if (clk_ < idle_until_[q]) {
                next_ready = std::min(next_ready, idle_until_[q]);
                continue;
            }
            uint64_t earliest = UINT64_MAX;
            size_t at = 0;
            auto cmd = GetFirstReadyInQueueOrEarliest(queues_[q], earliest, at);
            if (cmd.IsValid()) {
                queue_idx_ = q;
                if (cmd.IsReadWrite()) {
                    EraseRWCommandAt(q, at);  // ternsim patch 15
                }
                return cmd;
            }
            idle_until_[q] = earliest;
            next_ready = std::min(next_ready, earliest);
        }
    }
    next_ready_ = next_ready;
    return Command();
}

// ternsim patch: GetFirstReadyInQueue, deciding readiness by ReadyClock: GetReadyCommand(cmd,
// clk_) returns a command exactly when clk_ >= ReadyClock(cmd) (channel_state.cc), so the same
// command is chosen; `earliest` gets the smallest ReadyClock still in the future.
Command CommandQueue::GetFirstReadyInQueueOrEarliest(CMDQueue& queue, uint64_t& earliest, size_t& at) const {
    // ReadyClock depends only on the command's bank, type and row (and the channel state), so a
    // run of commands alike (a stream to one row) needs it once.
    const Command* prev = nullptr;
    uint64_t r = 0;
    // ternsim patch 16: with every command alike, none is ready before the first one's ReadyClock.
    if (!queue.empty() && alike_[size_t(&queue - queues_.data())]) {
        r = channel_state_.ReadyClock(queue.front());
        if (clk_ < r) {
            if (r < earliest) earliest = r;
            return Command();
        }
        prev = &queue.front();
    }
    for (auto cmd_it = queue.begin(); cmd_it != queue.end(); cmd_it++) {
        const Command& c = *cmd_it;
        if (!prev || c.cmd_type != prev->cmd_type || c.Row() != prev->Row() || c.Bank() != prev->Bank() ||
            c.Bankgroup() != prev->Bankgroup() || c.Rank() != prev->Rank()) {
            r = channel_state_.ReadyClock(c);
            prev = &c;
        }
        if (clk_ < r) {
            if (r < earliest) earliest = r;
            continue;
        }
        Command cmd = channel_state_.GetReadyCommand(*cmd_it, clk_);
        if (!cmd.IsValid()) {
            continue;
        }
        if (cmd.cmd_type == CommandType::PRECHARGE) {
            if (!ArbitratePrecharge(cmd_it, queue)) {
                continue;
            }
        } else if (cmd.IsWrite()) {
            if (HasRWDependency(cmd_it, queue)) {
                continue;
            }
        }
        at = size_t(cmd_it - queue.begin());
        return cmd;
    }
    return Command();
}

// ternsim patch: a queue whose scan found nothing at clk_ stays idle until `earliest` (its
// idle_until_). A command whose ReadyClock has passed
// was turned down by the precharge arbitration or the write-after-read check, which read only
// this queue and the state of the command's bank: it stays turned down until one of them
// changes. The others cannot be ready before their ReadyClock, which later commands to other
// banks only delay (ChannelState::ReadyClock).
void CommandQueue::BankStateChanged(const Command& cmd) {
    if (!fast_) return;
    ref_wait_until_ = 0;  // ternsim patch 19: called for every command issued
    if (cmd.IsRankCMD()) {
        for (int b = 0; b < config_.banks; b++) {
            Invalidate(GetQueueIndex(cmd.Rank(), b / config_.banks_per_group, b % config_.banks_per_group));
        }
    } else {
        Invalidate(GetQueueIndex(cmd.Rank(), cmd.Bankgroup(), cmd.Bank()));
    }
}

Command CommandQueue::FinishRefresh() {
    // we can do something fancy here like clearing the R/Ws
    // that already had ACT on the way but by doing that we
    // significantly pushes back the timing for a refresh
    // so we simply implement an ASAP approach
    auto ref = channel_state_.PendingRefCommand();
    if (!is_in_ref_) {
        GetRefQIndices(ref);
        is_in_ref_ = true;
    }

    // ternsim patch 19: bank states and timing stand still until a command is issued (which
    // clears the record), so nothing can be ready before the recorded clock.
    if (fast_ && clk_ < ref_wait_until_) {
        return Command();
    }
    // either precharge or refresh
    auto cmd = channel_state_.GetReadyCommand(ref, clk_);
    if (fast_ && !cmd.IsValid() && ref.IsRankCMD()) {
        ref_wait_until_ = channel_state_.RankReadyClock(ref);  // ternsim patch 19
    }

    if (cmd.IsRefresh()) {
        ref_q_indices_.clear();
        is_in_ref_ = false;
    }
    return cmd;
}

bool CommandQueue::ArbitratePrecharge(const CMDIterator& cmd_it,
                                      const CMDQueue& queue) const {
    auto cmd = *cmd_it;

    for (auto prev_itr = queue.begin(); prev_itr != cmd_it; prev_itr++) {
        if (prev_itr->Rank() == cmd.Rank() &&
            prev_itr->Bankgroup() == cmd.Bankgroup() &&
            prev_itr->Bank() == cmd.Bank()) {
            return false;
        }
    }

    bool pending_row_hits_exist = false;
    int open_row =
        channel_state_.OpenRow(cmd.Rank(), cmd.Bankgroup(), cmd.Bank());
    for (auto pending_itr = cmd_it; pending_itr != queue.end(); pending_itr++) {
        if (pending_itr->Row() == open_row &&
            pending_itr->Bank() == cmd.Bank() &&
            pending_itr->Bankgroup() == cmd.Bankgroup() &&
            pending_itr->Rank() == cmd.Rank()) {
            pending_row_hits_exist = true;
            break;
        }
    }

    bool rowhit_limit_reached =
        channel_state_.RowHitCount(cmd.Rank(), cmd.Bankgroup(), cmd.Bank()) >=
        4;
    if (!pending_row_hits_exist || rowhit_limit_reached) {
        simple_stats_.Increment("num_ondemand_pres");
        return true;
    }
    return false;
}

bool CommandQueue::WillAcceptCommand(int rank, int bankgroup, int bank) const {
    int q_idx = GetQueueIndex(rank, bankgroup, bank);
    return queues_[q_idx].size() < queue_size_;
}

bool CommandQueue::QueueEmpty() const {
    for (const auto& q : queues_) {  // ternsim patch: by reference (was a copy of each queue)
        if (!q.empty()) {
            return false;
        }
    }
    return true;
}


bool CommandQueue::AddCommand(Command cmd) {
    auto& queue = GetQueue(cmd.Rank(), cmd.Bankgroup(), cmd.Bank());
    if (queue.size() < queue_size_) {
        // ternsim patch: a command appended to a queue can make only itself ready (the precharge
        // arbitration and the write-after-read check of the commands before it look at their own
        // predecessors, or find one more row hit pending, which holds a precharge back): the
        // queue's idle record stays, bounded by the new command's ReadyClock, unless that is now.
        const int q_idx = GetQueueIndex(cmd.Rank(), cmd.Bankgroup(), cmd.Bank());
        // ternsim patch 18: a command alike the last one has its ReadyClock, which the records
        // already bound: idle_until_[q_idx] and next_ready_ are at most the ReadyClock of every
        // command in the queue (each was, when set, and ReadyClocks only grow), so the min leaves
        // them, and where that clock has passed they have too (Invalidate changes no decision).
        const bool same_as_last = !queue.empty() && Alike(queue.back(), cmd);
        if (!same_as_last) {
            const uint64_t ready = channel_state_.ReadyClock(cmd);
            if (ready <= clk_) {
                Invalidate(q_idx);
            } else {
                idle_until_[q_idx] = std::min(idle_until_[q_idx], ready);
                next_ready_ = std::min(next_ready_, ready);
            }
        }
        if (q_idx < 64) nonempty_mask_ |= 1ull << q_idx;
        alike_[q_idx] = queue.empty() || (alike_[q_idx] && same_as_last);  // ternsim patch 16
        queue.push_back(cmd);
        if (q_idx < 64 && queue.size() >= queue_size_) room_mask_ &= ~(1ull << q_idx);  // ternsim patch
        rank_q_empty[cmd.Rank()] = false;
        return true;
    } else {
        return false;
    }
}

// ternsim patch: GetNextQueue and GetQueueIndex are defined in command_queue.h (inlined).

void CommandQueue::GetRefQIndices(const Command& ref) {
    if (ref.cmd_type == CommandType::REFRESH) {
        if (queue_structure_ == QueueStructure::PER_BANK) {
            for (int i = 0; i < num_queues_; i++) {
                if (i / config_.banks == ref.Rank()) {
                    ref_q_indices_.insert(i);
                }
            }
        } else {
            ref_q_indices_.insert(ref.Rank());
        }
    } else {  // refb
        int idx = GetQueueIndex(ref.Rank(), ref.Bankgroup(), ref.Bank());
        ref_q_indices_.insert(idx);
    }
    return;
}


CMDQueue& CommandQueue::GetQueue(int rank, int bankgroup, int bank) {
    int index = GetQueueIndex(rank, bankgroup, bank);
    return queues_[index];
}

Command CommandQueue::GetFirstReadyInQueue(CMDQueue& queue) const {
    for (auto cmd_it = queue.begin(); cmd_it != queue.end(); cmd_it++) {
        Command cmd = channel_state_.GetReadyCommand(*cmd_it, clk_);
        if (!cmd.IsValid()) {
            continue;
        }
        if (cmd.cmd_type == CommandType::PRECHARGE) {
            if (!ArbitratePrecharge(cmd_it, queue)) {
                continue;
            }
        } else if (cmd.IsWrite()) {
            if (HasRWDependency(cmd_it, queue)) {
                continue;
            }
        }
        return cmd;
    }
    return Command();
}

void CommandQueue::EraseRWCommand(const Command& cmd) {
    auto& queue = GetQueue(cmd.Rank(), cmd.Bankgroup(), cmd.Bank());
    for (auto cmd_it = queue.begin(); cmd_it != queue.end(); cmd_it++) {
        if (cmd.hex_addr == cmd_it->hex_addr && cmd.cmd_type == cmd_it->cmd_type) {
            // ternsim patch: erased with the queue's records kept (EraseRWCommandAt)
            EraseRWCommandAt(GetQueueIndex(cmd.Rank(), cmd.Bankgroup(), cmd.Bank()),
                             static_cast<size_t>(cmd_it - queue.begin()));
            return;
        }
    }
    std::cerr << "cannot find cmd!" << std::endl;
    exit(1);
}

// ternsim patch 15 (the erase and record upkeep EraseRWCommand did, which now calls it).
void CommandQueue::EraseRWCommandAt(int q_idx, size_t at) {
    auto& queue = queues_[q_idx];
    Invalidate(q_idx);
    queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(at));
    RecountAlike(q_idx);  // ternsim patch 16
    if (queue.empty() && q_idx < 64) nonempty_mask_ &= ~(1ull << q_idx);
    if (q_idx < 64 && queue.size() < queue_size_) room_mask_ |= 1ull << q_idx;
}

// ternsim patch 16: a queue whose commands were all alike still is after an erase.
void CommandQueue::RecountAlike(int q_idx) {
    if (alike_[q_idx]) return;
    const auto& queue = queues_[q_idx];
    char alike = 1;
    for (size_t i = 1; i < queue.size() && alike; ++i) alike = Alike(queue[i - 1], queue[i]);
    alike_[q_idx] = alike;
}

int CommandQueue::QueueUsage() const {
    int usage = 0;
    for (auto i = queues_.begin(); i != queues_.end(); i++) {
        usage += i->size();
    }
    return usage;
}

bool CommandQueue::HasRWDependency(const CMDIterator& cmd_it,
                                   const CMDQueue& queue) const {
    // Read after write has been checked in controller so we only
    // check write after read here
    for (auto it = queue.begin(); it != cmd_it; it++) {
        if (it->IsRead() && it->Row() == cmd_it->Row() &&
            it->Column() == cmd_it->Column() && it->Bank() == cmd_it->Bank() &&
            it->Bankgroup() == cmd_it->Bankgroup()) {
            return true;
        }
    }
    return false;
}

}  // namespace dramsim3
