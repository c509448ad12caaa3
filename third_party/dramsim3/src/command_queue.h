#ifndef __COMMAND_QUEUE_H
#define __COMMAND_QUEUE_H

#include <algorithm>  // ternsim patch: std::fill
#include <unordered_set>
#include <vector>
#include "channel_state.h"
#include "common.h"
#include "configuration.h"
#include "simple_stats.h"

namespace dramsim3 {

using CMDIterator = std::vector<Command>::iterator;
using CMDQueue = std::vector<Command>;
enum class QueueStructure { PER_RANK, PER_BANK, SIZE };

class CommandQueue {
   public:
    CommandQueue(int channel_id, const Config& config,
                 const ChannelState& channel_state, SimpleStats& simple_stats);
    Command GetCommandToIssue();
    Command FinishRefresh();
    void ClockTick() { clk_ += 1; };
    void Skip(uint64_t k) { clk_ += k; }  // ternsim patch
    bool InRefresh() const { return is_in_ref_; }  // ternsim patch
    bool WillAcceptCommand(int rank, int bankgroup, int bank) const;
    // ternsim patch: the same for the queue index GetQueueIndex(rank, bankgroup, bank).
    int QueueIndex(int rank, int bankgroup, int bank) const { return GetQueueIndex(rank, bankgroup, bank); }
    bool WillAcceptCommandAt(int q_idx) const { return queues_[q_idx].size() < queue_size_; }
    bool AddCommand(Command cmd);
    bool QueueEmpty() const;
    int QueueUsage() const;
    // ternsim patch: bit q set while queue q (q < 64) has room for a command (WillAcceptCommand).
    uint64_t RoomMask() const { return room_mask_; }
    int NumQueues() const { return num_queues_; }
    // ternsim patch: with fast paths on, GetCommandToIssue skips a queue at clocks at which its
    // last scan's answer (none ready) cannot have changed; off, it scans every queue every clock.
    void SetFastPaths(bool on) {
        fast_ = on;
        std::fill(idle_until_.begin(), idle_until_.end(), 0);
        next_ready_ = 0;
    }
    // ternsim patch: the controller issued `cmd`, which changed the state of its bank (or, for a
    // rank command, of every bank in its rank): the queues holding commands for them rescan.
    void BankStateChanged(const Command& cmd);
    std::vector<bool> rank_q_empty;

   private:
    bool ArbitratePrecharge(const CMDIterator& cmd_it,
                            const CMDQueue& queue) const;
    bool HasRWDependency(const CMDIterator& cmd_it,
                         const CMDQueue& queue) const;
    Command GetFirstReadyInQueue(CMDQueue& queue) const;
    // ternsim patch: GetQueueIndex and GetNextQueue defined here, so the per-clock scan inlines them.
    int GetQueueIndex(int rank, int bankgroup, int bank) const {
        if (queue_structure_ == QueueStructure::PER_RANK) {
            return rank;
        } else {
            return rank * config_.banks + bankgroup * config_.banks_per_group +
                   bank;
        }
    }
    CMDQueue& GetQueue(int rank, int bankgroup, int bank);
    CMDQueue& GetNextQueue() {
        queue_idx_++;
        if (queue_idx_ == num_queues_) {
            queue_idx_ = 0;
        }
        return queues_[queue_idx_];
    }
    void GetRefQIndices(const Command& ref);
    void EraseRWCommand(const Command& cmd);
    Command PrepRefCmd(const CMDIterator& it, const Command& ref) const;

    QueueStructure queue_structure_;
    const Config& config_;
    const ChannelState& channel_state_;
    SimpleStats& simple_stats_;

    std::vector<CMDQueue> queues_;

    // Refresh related data structures
    std::unordered_set<int> ref_q_indices_;
    // ternsim patch 19: FinishRefresh found nothing ready and no rank-refresh command can be
    // before this clock (ChannelState::RankReadyClock); 0 once a command is issued.
    uint64_t ref_wait_until_ = 0;
    bool is_in_ref_;

    int num_queues_;
    size_t queue_size_;
    int queue_idx_;
    uint64_t clk_;

    // ternsim patch: GetFirstReadyInQueue(queue q) returns nothing before clock idle_until_[q]
    // (0: not known) as long as the queue's content and the state of the bank(s) of its commands
    // are unchanged; a change sets it back to 0 (Invalidate). next_ready_ <= every idle_until_[q]:
    // before it the whole scan finds nothing.
    void Invalidate(int q) {
        idle_until_[q] = 0;
        next_ready_ = 0;
    }
    // `at`: where in the queue the returned command was found (ternsim patch 15).
    Command GetFirstReadyInQueueOrEarliest(CMDQueue& queue, uint64_t& earliest, size_t& at) const;
    // ternsim patch 15: EraseRWCommand for the command at queue[q_idx][at], which the scan just
    // returned: EraseRWCommand erases the first command with its address and type, and any such
    // command before `at` is the same command (an address decodes one way).
    void EraseRWCommandAt(int q_idx, size_t at);
    bool fast_ = false;
    uint64_t room_mask_ = ~0ull;  // ternsim patch: every queue starts empty
    std::vector<uint64_t> idle_until_;
    uint64_t next_ready_ = 0;
    // ternsim patch: bit q set while queue q holds a command (num_queues_ <= 64); an empty queue's
    // scan finds nothing and changes nothing, so the fast scan visits only these, in the same
    // round-robin order.
    uint64_t nonempty_mask_ = 0;
    Command GetCommandToIssueFast();
    // ternsim patch 16: per queue, 1 while every command in it is alike (same type, rank, bank
    // group, bank and row: the same ReadyClock); an empty queue is. Kept on AddCommand and on
    // the erases (recounted after one only where it was 0; a queue holds at most cmd_queue_size).
    std::vector<char> alike_;
    static bool Alike(const Command& a, const Command& b) {
        return a.cmd_type == b.cmd_type && a.Row() == b.Row() && a.Bank() == b.Bank() &&
               a.Bankgroup() == b.Bankgroup() && a.Rank() == b.Rank();
    }
    void RecountAlike(int q_idx);
};

}  // namespace dramsim3
#endif
