#ifndef __BANKSTATE_H
#define __BANKSTATE_H

#include <array>  // ternsim patch
#include <vector>
#include "common.h"

namespace dramsim3 {

class BankState {
   public:
    BankState();

    enum class State { OPEN, CLOSED, SREF, PD, SIZE };
    // ternsim patch: `floor` and `bg_floor`, per command type, are the rank's and the bank
    // group's shared timing (ChannelState's rank_floor_ / bg_floor_): a command is ready when the
    // clock has reached all three.
    Command GetReadyCommand(const Command& cmd, uint64_t clk, const uint64_t* floor,
                            const uint64_t* bg_floor) const;
    // ternsim patch: the command `cmd` needs next (ACTIVATE, PRECHARGE, itself, ...) and the
    // first clock this bank's timing (and the floors) allows a command of type `type`.
    CommandType RequiredCommand(const Command& cmd) const;
    uint64_t EarliestClock(CommandType type, const uint64_t* floor, const uint64_t* bg_floor) const {
        const int i = static_cast<int>(type);
        uint64_t t = cmd_timing_[i] > floor[i] ? cmd_timing_[i] : floor[i];
        return t > bg_floor[i] ? t : bg_floor[i];
    }

    // Update the state of the bank resulting after the execution of the command
    void UpdateState(const Command& cmd);

    // Update the existing timing constraints for the command
    // ternsim patch: defined here, so ChannelState's per-bank loops inline it.
    void UpdateTiming(const CommandType cmd_type, uint64_t time) {
        uint64_t& t = cmd_timing_[static_cast<int>(cmd_type)];
        if (time > t) t = time;  // std::max(t, time)
    }

    bool IsRowOpen() const { return state_ == State::OPEN; }
    int OpenRow() const { return open_row_; }
    int RowHitCount() const { return row_hit_count_; }

   private:
    // Current state of the Bank
    // Apriori or instantaneously transitions on a command.
    State state_;

    // Earliest time when the particular Command can be executed in this bank
    std::array<uint64_t, static_cast<int>(CommandType::SIZE)> cmd_timing_;  // ternsim patch: array

    // Currently open row
    int open_row_;

    // consecutive accesses to one row
    int row_hit_count_;
};

// ternsim patch: the command this bank needs next for `cmd` (its state decides it, not the
// clock), split out of GetReadyCommand so CommandQueue can ask when it becomes ready.
inline CommandType BankState::RequiredCommand(const Command& cmd) const {
    CommandType required_type = CommandType::SIZE;
    switch (state_) {
        case State::CLOSED:
            switch (cmd.cmd_type) {
                case CommandType::READ:
                case CommandType::READ_PRECHARGE:
                case CommandType::WRITE:
                case CommandType::WRITE_PRECHARGE:
                    required_type = CommandType::ACTIVATE;
                    break;
                case CommandType::REFRESH:
                case CommandType::REFRESH_BANK:
                case CommandType::SREF_ENTER:
                    required_type = cmd.cmd_type;
                    break;
                default:
                    std::cerr << "Unknown type!" << std::endl;
                    AbruptExit(__FILE__, __LINE__);
                    break;
            }
            break;
        case State::OPEN:
            switch (cmd.cmd_type) {
                case CommandType::READ:
                case CommandType::READ_PRECHARGE:
                case CommandType::WRITE:
                case CommandType::WRITE_PRECHARGE:
                    if (cmd.Row() == open_row_) {
                        required_type = cmd.cmd_type;
                    } else {
                        required_type = CommandType::PRECHARGE;
                    }
                    break;
                case CommandType::REFRESH:
                case CommandType::REFRESH_BANK:
                case CommandType::SREF_ENTER:
                    required_type = CommandType::PRECHARGE;
                    break;
                default:
                    std::cerr << "Unknown type!" << std::endl;
                    AbruptExit(__FILE__, __LINE__);
                    break;
            }
            break;
        case State::SREF:
            switch (cmd.cmd_type) {
                case CommandType::READ:
                case CommandType::READ_PRECHARGE:
                case CommandType::WRITE:
                case CommandType::WRITE_PRECHARGE:
                    required_type = CommandType::SREF_EXIT;
                    break;
                default:
                    std::cerr << "Unknown type!" << std::endl;
                    AbruptExit(__FILE__, __LINE__);
                    break;
            }
            break;
        case State::PD:
        case State::SIZE:
            std::cerr << "In unknown state" << std::endl;
            AbruptExit(__FILE__, __LINE__);
            break;
    }

    return required_type;
}

}  // namespace dramsim3
#endif
