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
    bool AddCommand(Command cmd);
    bool QueueEmpty() const;
    int QueueUsage() const;
    // ternsim patch: changes whenever a command enters or leaves a queue.
    uint64_t Version() const { return version_; }
    // ternsim patch: with fast paths on, GetCommandToIssue skips a queue at clocks at which its
    // last scan's answer (none ready) cannot have changed; off, it scans every queue every clock.
    void SetFastPaths(bool on) {
        fast_ = on;
        std::fill(idle_until_.begin(), idle_until_.end(), 0);
    }
    std::vector<bool> rank_q_empty;

   private:
    bool ArbitratePrecharge(const CMDIterator& cmd_it,
                            const CMDQueue& queue) const;
    bool HasRWDependency(const CMDIterator& cmd_it,
                         const CMDQueue& queue) const;
    Command GetFirstReadyInQueue(CMDQueue& queue) const;
    int GetQueueIndex(int rank, int bankgroup, int bank) const;
    CMDQueue& GetQueue(int rank, int bankgroup, int bank);
    CMDQueue& GetNextQueue();
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
    bool is_in_ref_;

    int num_queues_;
    size_t queue_size_;
    int queue_idx_;
    uint64_t clk_;

    // ternsim patch: GetFirstReadyInQueue(queue q) returns nothing before clock idle_until_[q]
    // while the queue's content (q_version_[q]) and the state of its bank(s) (StateVersion(q))
    // are those recorded with it (idle_q_version_[q], idle_state_version_[q]).
    bool QueueIdle(int q) const {
        return clk_ < idle_until_[q] && q_version_[q] == idle_q_version_[q] &&
               StateVersion(q) == idle_state_version_[q];
    }
    void RecordQueueIdle(int q);
    uint64_t StateVersion(int q) const {
        return queue_structure_ == QueueStructure::PER_BANK ? channel_state_.BankVersion(q)
                                                            : channel_state_.RankVersion(q);
    }
    bool fast_ = false;
    uint64_t version_ = 0;
    std::vector<uint64_t> q_version_, idle_until_, idle_q_version_, idle_state_version_;
};

}  // namespace dramsim3
#endif
