#include "controller.h"
#include <iomanip>
#include <iostream>
#include <limits>

namespace dramsim3 {

#ifdef THERMAL
Controller::Controller(int channel, const Config &config, const Timing &timing,
                       ThermalCalculator &thermal_calc)
#else
Controller::Controller(int channel, const Config &config, const Timing &timing)
#endif  // THERMAL
    : channel_id_(channel),
      clk_(0),
      config_(config),
      simple_stats_(config_, channel_id_),
      channel_state_(config, timing),
      cmd_queue_(channel_id_, config, channel_state_, simple_stats_),
      refresh_(config, channel_state_),
#ifdef THERMAL
      thermal_calc_(thermal_calc),
#endif  // THERMAL
      is_unified_queue_(config.unified_queue),
      row_buf_policy_(config.row_buf_policy == "CLOSE_PAGE"
                          ? RowBufPolicy::CLOSE_PAGE
                          : RowBufPolicy::OPEN_PAGE),
      last_trans_clk_(0),
      write_draining_(0) {
    // ternsim patch: statistics handles.
    st_num_cycles_ = simple_stats_.CounterHandle("num_cycles");
    st_reads_done_ = simple_stats_.CounterHandle("num_reads_done");
    st_writes_done_ = simple_stats_.CounterHandle("num_writes_done");
    st_hbm_dual_cmds_ = simple_stats_.CounterHandle("hbm_dual_cmds");
    st_read_cmds_ = simple_stats_.CounterHandle("num_read_cmds");
    st_write_cmds_ = simple_stats_.CounterHandle("num_write_cmds");
    st_read_row_hits_ = simple_stats_.CounterHandle("num_read_row_hits");
    st_write_row_hits_ = simple_stats_.CounterHandle("num_write_row_hits");
    st_act_cmds_ = simple_stats_.CounterHandle("num_act_cmds");
    st_pre_cmds_ = simple_stats_.CounterHandle("num_pre_cmds");
    st_ref_cmds_ = simple_stats_.CounterHandle("num_ref_cmds");
    st_refb_cmds_ = simple_stats_.CounterHandle("num_refb_cmds");
    st_srefe_cmds_ = simple_stats_.CounterHandle("num_srefe_cmds");
    st_srefx_cmds_ = simple_stats_.CounterHandle("num_srefx_cmds");
    st_sref_cycles_ = simple_stats_.VecCounterHandle("sref_cycles");
    st_all_bank_idle_cycles_ = simple_stats_.VecCounterHandle("all_bank_idle_cycles");
    st_rank_active_cycles_ = simple_stats_.VecCounterHandle("rank_active_cycles");
    st_read_latency_ = simple_stats_.HistogramHandle("read_latency");
    st_write_latency_ = simple_stats_.HistogramHandle("write_latency");
    st_interarrival_latency_ = simple_stats_.HistogramHandle("interarrival_latency");
    if (is_unified_queue_) {
        unified_queue_.reserve(config_.trans_queue_size);
    } else {
        read_queue_.reserve(config_.trans_queue_size);
        write_buffer_.reserve(config_.trans_queue_size);
    }

#ifdef CMD_TRACE
    std::string trace_file_name = config_.output_prefix + "ch_" +
                                  std::to_string(channel_id_) + "cmd.trace";
    std::cout << "Command Trace write to " << trace_file_name << std::endl;
    cmd_trace_.open(trace_file_name, std::ofstream::out);
#endif  // CMD_TRACE
}

std::pair<uint64_t, int> Controller::ReturnDoneTrans(uint64_t clk) {
    // ternsim patch: nothing completes before the earliest complete_cycle in the queue.
    if (clk < return_min_) {
        return std::make_pair(-1, -1);
    }
    auto it = return_queue_.begin();
    while (it != return_queue_.end()) {
        if (clk >= it->complete_cycle) {
            if (it->is_write) {
                *st_writes_done_ += 1;  // ternsim patch: handles
            } else {
                *st_reads_done_ += 1;
                SimpleStats::AddValue(st_read_latency_, clk_ - it->added_cycle);
            }
            auto pair = std::make_pair(it->addr, it->is_write);
            it = return_queue_.erase(it);
            return_min_ = UINT64_MAX;  // ternsim patch: recomputed over what is left
            for (const auto &t : return_queue_) return_min_ = std::min(return_min_, t.complete_cycle);
            return pair;
        } else {
            ++it;
        }
    }
    return std::make_pair(-1, -1);
}

void Controller::ClockTick() {
    // update refresh counter
    refresh_.ClockTick();

    bool cmd_issued = false;
    Command cmd;
    if (channel_state_.IsRefreshWaiting()) {
        cmd = cmd_queue_.FinishRefresh();
    }

    // cannot find a refresh related command or there's no refresh
    if (!cmd.IsValid()) {
        cmd = cmd_queue_.GetCommandToIssue();
    }

    if (cmd.IsValid()) {
        IssueCommand(cmd);
        cmd_issued = true;

        if (config_.enable_hbm_dual_cmd) {
            auto second_cmd = cmd_queue_.GetCommandToIssue();
            if (second_cmd.IsValid()) {
                if (second_cmd.IsReadWrite() != cmd.IsReadWrite()) {
                    IssueCommand(second_cmd);
                    *st_hbm_dual_cmds_ += 1;  // ternsim patch
                }
            }
        }
    }

    // power updates pt 1
    for (int i = 0; i < config_.ranks; i++) {
        if (channel_state_.IsRankSelfRefreshing(i)) {
            st_sref_cycles_[i] += 1;  // ternsim patch: handles
        } else {
            bool all_idle = channel_state_.IsAllBankIdleInRank(i);
            if (all_idle) {
                st_all_bank_idle_cycles_[i] += 1;
                channel_state_.rank_idle_cycles[i] += 1;
            } else {
                st_rank_active_cycles_[i] += 1;
                // reset
                channel_state_.rank_idle_cycles[i] = 0;
            }
        }
    }

    // power updates pt 2: move idle ranks into self-refresh mode to save power
    if (config_.enable_self_refresh && !cmd_issued) {
        for (auto i = 0; i < config_.ranks; i++) {
            if (channel_state_.IsRankSelfRefreshing(i)) {
                // wake up!
                if (!cmd_queue_.rank_q_empty[i]) {
                    auto addr = Address();
                    addr.rank = i;
                    auto cmd = Command(CommandType::SREF_EXIT, addr, -1);
                    cmd = channel_state_.GetReadyCommand(cmd, clk_);
                    if (cmd.IsValid()) {
                        IssueCommand(cmd);
                        break;
                    }
                }
            } else {
                if (cmd_queue_.rank_q_empty[i] &&
                    channel_state_.rank_idle_cycles[i] >=
                        config_.sref_threshold) {
                    auto addr = Address();
                    addr.rank = i;
                    auto cmd = Command(CommandType::SREF_ENTER, addr, -1);
                    cmd = channel_state_.GetReadyCommand(cmd, clk_);
                    if (cmd.IsValid()) {
                        IssueCommand(cmd);
                        break;
                    }
                }
            }
        }
    }

    ScheduleTransaction();
    clk_++;
    cmd_queue_.ClockTick();
    *st_num_cycles_ += 1;  // ternsim patch
    return;
}

// ternsim patch: see controller.h.
uint64_t Controller::IdleClocks() const {
    // Buffered writes may wait: ScheduleTransaction starts draining them only when the buffer is
    // full or holds more than 8 with the command queue empty; below that it does nothing.
    const bool writes_wait = write_buffer_.size() <= 8 && write_buffer_.size() < write_buffer_.capacity();
    if (!read_queue_.empty() || !writes_wait || !unified_queue_.empty() ||
        !return_queue_.empty() || !pending_rd_q_.empty() ||
        write_draining_ != 0 || !cmd_queue_.QueueEmpty() || cmd_queue_.InRefresh() ||
        channel_state_.IsRefreshWaiting() || config_.enable_self_refresh) {
        return 0;
    }
    return refresh_.ClocksToNextRefresh();
}

void Controller::SkipIdle(uint64_t k) {
    refresh_.Skip(k);
    for (int i = 0; i < config_.ranks; i++) {
        if (channel_state_.IsRankSelfRefreshing(i)) {
            simple_stats_.IncrementVecBy("sref_cycles", i, static_cast<int>(k));
        } else if (channel_state_.IsAllBankIdleInRank(i)) {
            simple_stats_.IncrementVecBy("all_bank_idle_cycles", i, static_cast<int>(k));
            channel_state_.rank_idle_cycles[i] += static_cast<int>(k);
        } else {
            simple_stats_.IncrementVecBy("rank_active_cycles", i, static_cast<int>(k));
            channel_state_.rank_idle_cycles[i] = 0;
        }
    }
    clk_ += k;
    cmd_queue_.Skip(k);
    simple_stats_.IncrementBy("num_cycles", k);
}

bool Controller::WillAcceptTransaction(uint64_t hex_addr, bool is_write) const {
    if (is_unified_queue_) {
        return unified_queue_.size() < unified_queue_.capacity();
    } else if (!is_write) {
        return read_queue_.size() < read_queue_.capacity();
    } else {
        return write_buffer_.size() < write_buffer_.capacity();
    }
}

bool Controller::AddTransaction(Transaction trans) {
    trans.added_cycle = clk_;
    SimpleStats::AddValue(st_interarrival_latency_, clk_ - last_trans_clk_);  // ternsim patch: handle
    last_trans_clk_ = clk_;

    if (trans.is_write) {
        if (pending_wr_q_.count(trans.addr) == 0) {  // can not merge writes
            pending_wr_q_.insert(std::make_pair(trans.addr, trans));
            if (is_unified_queue_) {
                unified_queue_.push_back(trans);
                PushQueued(unified_cmds_, trans);  // ternsim patch
            } else {
                write_buffer_.push_back(trans);
                PushQueued(write_cmds_, trans);  // ternsim patch
            }
        }
        trans.complete_cycle = clk_ + 1;
        return_queue_.push_back(trans);
        return_min_ = std::min(return_min_, trans.complete_cycle);  // ternsim patch
        return true;
    } else {  // read
        // if in write buffer, use the write buffer value
        if (pending_wr_q_.count(trans.addr) > 0) {
            trans.complete_cycle = clk_ + 1;
            return_queue_.push_back(trans);
            return_min_ = std::min(return_min_, trans.complete_cycle);  // ternsim patch
            return true;
        }
        // ternsim patch 17: insert tells whether the key is new (was count(trans.addr) == 1 after it)
        if (pending_rd_q_.insert(std::make_pair(trans.addr, trans))) {
            if (is_unified_queue_) {
                unified_queue_.push_back(trans);
                PushQueued(unified_cmds_, trans);  // ternsim patch
            } else {
                read_queue_.push_back(trans);
                PushQueued(read_cmds_, trans);  // ternsim patch
            }
        }
        return true;
    }
}

void Controller::ScheduleTransaction() {
    // ternsim patch 11: after an R->W dependency stopped a drain, this call serves the read
    // queue. Upstream re-entered the drain here whenever the write buffer was still full, met the
    // same dependency and stopped again, every clock: the read the write waits for was never
    // scheduled and the channel deadlocked (upstream issues #2, #27, #43; PR #38 proposes this).
    const bool serve_reads = serve_reads_next_;
    serve_reads_next_ = false;
    // determine whether to schedule read or write
    if (write_draining_ == 0 && !is_unified_queue_ && !serve_reads) {
        // we basically have a upper and lower threshold for write buffer
        if ((write_buffer_.size() >= write_buffer_.capacity()) ||
            (write_buffer_.size() > 8 && cmd_queue_.QueueEmpty())) {
            write_draining_ = write_buffer_.size();
        }
    }

    FrontErasableVector<Transaction> &queue =  // ternsim patch: was std::vector
        is_unified_queue_ ? unified_queue_
                          : write_draining_ > 0 ? write_buffer_ : read_queue_;
    QueuedCommands &queued =  // ternsim patch: the queue's commands
        is_unified_queue_ ? unified_cmds_
                          : write_draining_ > 0 ? write_cmds_ : read_cmds_;
    // ternsim patch: no transaction's command queue has room, so the scan would do nothing
    // (controller.h).
    if (fast_ && cmd_queue_.NumQueues() <= 64 && (queued.queue_mask & cmd_queue_.RoomMask()) == 0) {
        return;
    }
    for (auto it = queue.begin(); it != queue.end(); it++) {
        // ternsim patch: was TransToCommand(*it) and WillAcceptCommand(rank, bankgroup, bank)
        const size_t pos = static_cast<size_t>(it - queue.begin());
        if (cmd_queue_.WillAcceptCommandAt(queued.queue_index[pos])) {
            const Command &cmd = queued.cmds[pos];
            if (!is_unified_queue_ && cmd.IsWrite()) {
                // Enforce R->W dependency
                if (pending_rd_q_.count(it->addr) > 0) {
                    write_draining_ = 0;
                    serve_reads_next_ = true;  // ternsim patch 11
                    break;
                }
                write_draining_ -= 1;
            }
            cmd_queue_.AddCommand(cmd);
            queued.Erase(pos);  // ternsim patch
            queue.erase(it);
            break;
        }
    }
}

void Controller::IssueCommand(const Command &cmd) {
#ifdef CMD_TRACE
    cmd_trace_ << std::left << std::setw(18) << clk_ << " " << cmd << std::endl;
#endif  // CMD_TRACE
#ifdef THERMAL
    // add channel in, only needed by thermal module
    thermal_calc_.UpdateCMDPower(channel_id_, cmd, clk_);
#endif  // THERMAL
    // ternsim patch: count data-bus turnarounds.
    if (cmd.IsReadWrite()) {
        const int rw = cmd.IsWrite() ? 1 : 0;
        if (last_rw_ == 0 && rw == 1) ++read_to_write_;
        if (last_rw_ == 1 && rw == 0) ++write_to_read_;
        last_rw_ = rw;
    }
    // if read/write, update pending queue and return queue
    if (cmd.IsRead()) {
        // ternsim patch 17: the reads of this address, first to last as find() returns them, with
        // one search when there is one (was count(), then find() for each).
        auto it = pending_rd_q_.find(cmd.hex_addr);
        if (it == pending_rd_q_.end()) {
            std::cerr << cmd.hex_addr << " not in read queue! " << std::endl;
            exit(1);
        }
        // if there are multiple reads pending return them all
        while (true) {
            const bool last = pending_rd_q_.only_of_key(it);
            it->second.complete_cycle = clk_ + config_.read_delay;
            return_queue_.push_back(it->second);
            return_min_ = std::min(return_min_, it->second.complete_cycle);  // ternsim patch
            pending_rd_q_.erase(it);
            if (last) break;
            it = pending_rd_q_.find(cmd.hex_addr);
        }
    } else if (cmd.IsWrite()) {
        // there should be only 1 write to the same location at a time
        auto it = pending_wr_q_.find(cmd.hex_addr);
        if (it == pending_wr_q_.end()) {
            std::cerr << cmd.hex_addr << " not in write queue!" << std::endl;
            exit(1);
        }
        auto wr_lat = clk_ - it->second.added_cycle + config_.write_delay;
        SimpleStats::AddValue(st_write_latency_, wr_lat);  // ternsim patch: handle
        pending_wr_q_.erase(it);
    }
    // must update stats before states (for row hits)
    UpdateCommandStats(cmd);
    channel_state_.UpdateTimingAndStates(cmd, clk_);
    cmd_queue_.BankStateChanged(cmd);  // ternsim patch: the only place bank states change
}

Command Controller::TransToCommand(const Transaction &trans) {
    auto addr = config_.AddressMapping(trans.addr);
    CommandType cmd_type;
    if (row_buf_policy_ == RowBufPolicy::OPEN_PAGE) {
        cmd_type = trans.is_write ? CommandType::WRITE : CommandType::READ;
    } else {
        cmd_type = trans.is_write ? CommandType::WRITE_PRECHARGE
                                  : CommandType::READ_PRECHARGE;
    }
    return Command(cmd_type, addr, trans.addr);
}

int Controller::QueueUsage() const { return cmd_queue_.QueueUsage(); }

void Controller::PrintEpochStats() {
    simple_stats_.Increment("epoch_num");
    simple_stats_.PrintEpochStats();
#ifdef THERMAL
    for (int r = 0; r < config_.ranks; r++) {
        double bg_energy = simple_stats_.RankBackgroundEnergy(r);
        thermal_calc_.UpdateBackgroundEnergy(channel_id_, r, bg_energy);
    }
#endif  // THERMAL
    return;
}

void Controller::PrintFinalStats() {
    simple_stats_.PrintFinalStats();

#ifdef THERMAL
    for (int r = 0; r < config_.ranks; r++) {
        double bg_energy = simple_stats_.RankBackgroundEnergy(r);
        thermal_calc_.UpdateBackgroundEnergy(channel_id_, r, bg_energy);
    }
#endif  // THERMAL
    return;
}

void Controller::UpdateCommandStats(const Command &cmd) {
    switch (cmd.cmd_type) {
        case CommandType::READ:
        case CommandType::READ_PRECHARGE:
            *st_read_cmds_ += 1;  // ternsim patch: handle
            if (channel_state_.RowHitCount(cmd.Rank(), cmd.Bankgroup(),
                                           cmd.Bank()) != 0) {
                *st_read_row_hits_ += 1;  // ternsim patch: handle
            }
            break;
        case CommandType::WRITE:
        case CommandType::WRITE_PRECHARGE:
            *st_write_cmds_ += 1;  // ternsim patch: handle
            if (channel_state_.RowHitCount(cmd.Rank(), cmd.Bankgroup(),
                                           cmd.Bank()) != 0) {
                *st_write_row_hits_ += 1;  // ternsim patch: handle
            }
            break;
        case CommandType::ACTIVATE:
            *st_act_cmds_ += 1;  // ternsim patch: handle
            break;
        case CommandType::PRECHARGE:
            *st_pre_cmds_ += 1;  // ternsim patch: handle
            break;
        case CommandType::REFRESH:
            *st_ref_cmds_ += 1;  // ternsim patch: handle
            break;
        case CommandType::REFRESH_BANK:
            *st_refb_cmds_ += 1;  // ternsim patch: handle
            break;
        case CommandType::SREF_ENTER:
            *st_srefe_cmds_ += 1;  // ternsim patch: handle
            break;
        case CommandType::SREF_EXIT:
            *st_srefx_cmds_ += 1;  // ternsim patch: handle
            break;
        default:
            AbruptExit(__FILE__, __LINE__);
    }
}

}  // namespace dramsim3
