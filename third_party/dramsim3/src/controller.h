#ifndef __CONTROLLER_H
#define __CONTROLLER_H

#include <algorithm>  // ternsim patch: PendingTransactions
#include <fstream>
#include <map>
#include <unordered_set>
#include <vector>
#include "channel_state.h"
#include "command_queue.h"
#include "common.h"
#include "refresh.h"
#include "simple_stats.h"

#ifdef THERMAL
#include "thermal.h"
#endif  // THERMAL

namespace dramsim3 {

enum class RowBufPolicy { OPEN_PAGE, CLOSE_PAGE, SIZE };

// ternsim patch: the std::vector operations the controller's transaction queues use, with an
// erase that moves the shorter side: the scheduler takes the oldest transaction whose command
// queue has room, usually the first, and a vector moved every later entry (a memmove per
// scheduled transaction). Entries before head_ are dead; they are dropped when the storage is
// full. capacity() is the logical capacity std::vector would report (reserve, then growth as
// libstdc++ grows: to size + max(size, 1)), which WillAcceptTransaction compares with size().
template <class T>
class FrontErasableVector {
   public:
    using iterator = typename std::vector<T>::iterator;
    void reserve(size_t n) {
        cap_ = std::max(cap_, n);
        v_.reserve(head_ + cap_);
    }
    size_t capacity() const { return cap_; }
    size_t size() const { return v_.size() - head_; }
    bool empty() const { return v_.size() == head_; }
    iterator begin() { return v_.begin() + static_cast<std::ptrdiff_t>(head_); }
    iterator end() { return v_.end(); }
    T& operator[](size_t i) { return v_[head_ + i]; }
    const T& operator[](size_t i) const { return v_[head_ + i]; }
    void push_back(const T& t) {
        if (size() == cap_) cap_ = size() + std::max<size_t>(size(), 1);
        if (v_.size() == v_.capacity() && head_ > 0) {
            v_.erase(v_.begin(), begin());
            head_ = 0;
        }
        v_.push_back(t);
    }
    void erase(iterator it) {
        if (it - begin() < end() - it - 1) {
            std::move_backward(begin(), it, it + 1);
            ++head_;
            if (head_ == v_.size()) {
                v_.clear();
                head_ = 0;
            }
        } else {
            v_.erase(it);
        }
    }

   private:
    std::vector<T> v_;
    size_t head_ = 0;
    size_t cap_ = 0;
};

// ternsim patch: the std::multimap<uint64_t, Transaction> operations the controller uses, on a
// vector sorted by key: insert goes after the equal keys and find returns the first of them, as
// libstdc++'s multimap does (insert at the upper bound, find = lower bound), so the same
// transaction is found in the same order; no allocation per request (a few dozen entries).
// Entries before head_ are dead: a stream's oldest (smallest) addresses are served first, so an
// erase or insert moves the shorter side, prefix or suffix, where a plain vector moved every
// later entry. The dead prefix is dropped once it is as long as the live part.
class PendingTransactions {
   public:
    using value_type = std::pair<uint64_t, Transaction>;
    using iterator = std::vector<value_type>::iterator;
    // Returns whether no entry had v's key before (ternsim patch 17: the controller asked count()
    // == 1 after the insert; the entry before the upper bound has the key if any does).
    bool insert(const value_type& v) {
        auto pos = std::upper_bound(begin(), end(), v.first, KeyBefore());
        const bool first = pos == begin() || (pos - 1)->first != v.first;
        if (head_ > 0 && pos - begin() < end() - pos) {
            std::move(begin(), pos, begin() - 1);
            --head_;
            *(pos - 1) = v;
        } else {
            v_.insert(pos, v);
        }
        return first;
    }
    size_t count(uint64_t key) const {
        auto r = std::equal_range(v_.begin() + static_cast<std::ptrdiff_t>(head_), v_.end(), key, KeyOrder());
        return static_cast<size_t>(r.second - r.first);
    }
    iterator find(uint64_t key) {
        auto it = std::lower_bound(begin(), end(), key, KeyAfter());
        return it != end() && it->first == key ? it : end();
    }
    iterator end() { return v_.end(); }
    // ternsim patch 17: whether `it` (from find) is the only entry with its key: find returns the
    // first of equal keys, so any other follows it.
    bool only_of_key(iterator it) { return it + 1 == end() || (it + 1)->first != it->first; }
    void erase(iterator it) {
        if (it - begin() < end() - it - 1) {
            std::move_backward(begin(), it, it + 1);
            ++head_;
            if (head_ >= v_.size() - head_) {
                v_.erase(v_.begin(), begin());
                head_ = 0;
            }
        } else {
            v_.erase(it);
        }
    }
    bool empty() const { return v_.size() == head_; }

   private:
    iterator begin() { return v_.begin() + static_cast<std::ptrdiff_t>(head_); }
    struct KeyBefore {  // upper_bound: key < element
        bool operator()(uint64_t k, const value_type& e) const { return k < e.first; }
    };
    struct KeyAfter {  // lower_bound: element < key
        bool operator()(const value_type& e, uint64_t k) const { return e.first < k; }
    };
    struct KeyOrder {  // equal_range: both
        bool operator()(uint64_t k, const value_type& e) const { return k < e.first; }
        bool operator()(const value_type& e, uint64_t k) const { return e.first < k; }
    };
    std::vector<value_type> v_;
    size_t head_ = 0;
};

class Controller {
   public:
#ifdef THERMAL
    Controller(int channel, const Config &config, const Timing &timing,
               ThermalCalculator &thermalcalc);
#else
    Controller(int channel, const Config &config, const Timing &timing);
#endif  // THERMAL
    void ClockTick();
    bool WillAcceptTransaction(uint64_t hex_addr, bool is_write) const;
    // ternsim patch 14: how many more transactions of this direction WillAcceptTransaction would
    // take now (the queue it checks: capacity - size). Only AddTransaction fills the queues, so
    // the count can only grow while the controller is ticked without adds.
    size_t FreeTransactionSlots(bool is_write) const {
        const FrontErasableVector<Transaction> &q =
            is_unified_queue_ ? unified_queue_ : (is_write ? write_buffer_ : read_queue_);
        return q.size() < q.capacity() ? q.capacity() - q.size() : 0;
    }
    bool AddTransaction(Transaction trans);
    int QueueUsage() const;
    // Stats output
    void PrintEpochStats();
    void PrintFinalStats();
    void ResetStats() { simple_stats_.Reset(); }
    const SimpleStats& Stats() const { return simple_stats_; }  // ternsim patch
    bool RankAllBanksIdle(int rank) const { return channel_state_.IsAllBankIdleInRank(rank); }  // ternsim patch
    void RequestRankRefresh(int rank) { channel_state_.RankNeedRefresh(rank, true); }  // ternsim patch 12
    // ternsim patch: data-bus turnarounds, counted as READ/WRITE commands are issued.
    uint64_t ReadToWrite() const { return read_to_write_; }
    uint64_t WriteToRead() const { return write_to_read_; }
    const uint64_t* ReadToWriteCell() const { return &read_to_write_; }  // ternsim patch 13
    const uint64_t* WriteToReadCell() const { return &write_to_read_; }  // ternsim patch 13
    // ternsim patch: idle fast-forward. IdleClocks() is how many ClockTick calls from now would
    // only count clocks (no transaction, command, refresh or write drain pending, no refresh
    // inserted before then); SkipIdle(k), k <= IdleClocks(), has the same effect as k of them.
    uint64_t IdleClocks() const;
    void SkipIdle(uint64_t k);
    // ternsim patch: exact shortcuts of the per-clock scans (command queue, transaction queue);
    // off, every clock scans as DRAMsim3 does. Same results either way.
    void SetFastPaths(bool on) {
        fast_ = on;
        cmd_queue_.SetFastPaths(on);
        channel_state_.SetFastPaths(on);
    }
    std::pair<uint64_t, int> ReturnDoneTrans(uint64_t clock);

    int channel_id_;

   private:
    uint64_t clk_;
    const Config &config_;
    SimpleStats simple_stats_;
    ChannelState channel_state_;
    CommandQueue cmd_queue_;
    Refresh refresh_;

#ifdef THERMAL
    ThermalCalculator &thermal_calc_;
#endif  // THERMAL

    // queue that takes transactions from CPU side
    bool is_unified_queue_;
    FrontErasableVector<Transaction> unified_queue_;  // ternsim patch: were std::vector
    FrontErasableVector<Transaction> read_queue_;
    FrontErasableVector<Transaction> write_buffer_;
    // ternsim patch: TransToCommand of each transaction in the three queues above, at the same
    // position, computed once when it is queued instead of on every scan.
    // And the command queue index of each (CommandQueue::GetQueueIndex), which the scan reads,
    // and their bit mask (queue indexes < 64).
    struct QueuedCommands {
        FrontErasableVector<Command> cmds;
        FrontErasableVector<int> queue_index;
        uint64_t queue_mask = 0;
        std::vector<int> per_queue = std::vector<int>(64, 0);  // transactions per queue index < 64
        void Push(const Command& cmd, int q) {
            cmds.push_back(cmd);
            queue_index.push_back(q);
            if (q < 64 && per_queue[q]++ == 0) queue_mask |= 1ull << q;
        }
        void Erase(size_t pos) {
            const int q = queue_index[pos];
            cmds.erase(cmds.begin() + pos);
            queue_index.erase(queue_index.begin() + pos);
            if (q < 64 && --per_queue[q] == 0) queue_mask &= ~(1ull << q);
        }
    };
    QueuedCommands unified_cmds_, read_cmds_, write_cmds_;
    void PushQueued(QueuedCommands &q, const Transaction &trans) {
        const Command cmd = TransToCommand(trans);
        q.Push(cmd, cmd_queue_.QueueIndex(cmd.Rank(), cmd.Bankgroup(), cmd.Bank()));
    }

    // transactions that are not completed, use map for convenience
    PendingTransactions pending_rd_q_;  // ternsim patch: was std::multimap<uint64_t, Transaction>
    PendingTransactions pending_wr_q_;  // ternsim patch: was std::multimap<uint64_t, Transaction>

    // completed transactions
    std::vector<Transaction> return_queue_;
    uint64_t return_min_ = UINT64_MAX;  // ternsim patch: min complete_cycle in return_queue_

    // row buffer policy
    RowBufPolicy row_buf_policy_;

#ifdef CMD_TRACE
    std::ofstream cmd_trace_;
#endif  // CMD_TRACE

    // used to calculate inter-arrival latency
    uint64_t last_trans_clk_;

    // transaction queueing
    int write_draining_;
    // ternsim patch 11: set when a write found its address still pending for a read (the R->W
    // dependency in ScheduleTransaction); the next call then schedules from the read queue
    // instead of going straight back to draining (upstream issues #2, #27, #43).
    bool serve_reads_next_ = false;
    void ScheduleTransaction();
    void IssueCommand(const Command &tmp_cmd);
    Command TransToCommand(const Transaction &trans);
    void UpdateCommandStats(const Command &cmd);
    // ternsim patch: last column command (0 read, 1 write, -1 none) and the switches between them.
    int last_rw_ = -1;
    uint64_t read_to_write_ = 0, write_to_read_ = 0;
    // ternsim patch: statistics handles (SimpleStats::CounterHandle) for the per-clock and
    // per-command paths, instead of a string hash per update.
    uint64_t *st_num_cycles_, *st_reads_done_, *st_writes_done_, *st_hbm_dual_cmds_;
    uint64_t *st_read_cmds_, *st_write_cmds_, *st_read_row_hits_, *st_write_row_hits_;
    uint64_t *st_act_cmds_, *st_pre_cmds_, *st_ref_cmds_, *st_refb_cmds_, *st_srefe_cmds_, *st_srefx_cmds_;
    uint64_t *st_sref_cycles_, *st_all_bank_idle_cycles_, *st_rank_active_cycles_;  // per rank
    SimpleStats::Histogram *st_read_latency_, *st_write_latency_, *st_interarrival_latency_;
    // ternsim patch: with fast paths, ScheduleTransaction skips its scan when no transaction of
    // the queue it would scan targets a command queue with room (QueuedCommands::queue_mask
    // against CommandQueue::RoomMask): the scan acts only at the first transaction whose command
    // queue has room, so it would run to its end and change nothing.
    bool fast_ = false;
};
}  // namespace dramsim3
#endif
