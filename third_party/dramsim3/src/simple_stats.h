#ifndef __SIMPLE_STATS_
#define __SIMPLE_STATS_

#include <fstream>
#include <memory>  // ternsim patch: std::unique_ptr
#include <string>
#include <unordered_map>
#include <vector>

#include "configuration.h"
#include <nlohmann/json.hpp>  // ternsim patch: Debian nlohmann-json3-dev

namespace dramsim3 {

class SimpleStats {
   public:
    SimpleStats(const Config& config, int channel_id);
    // incrementing counter
    void Increment(const std::string name) { epoch_counters_[name] += 1; }
    // ternsim patch: k increments at once (Controller::SkipIdle).
    void IncrementBy(const std::string name, uint64_t k) { epoch_counters_[name] += k; }

    // incrementing for vec counter
    void IncrementVec(const std::string name, int pos) {
        epoch_vec_counters_[name][pos] += 1;
    }

    // increment vec counter by number
    void IncrementVecBy(const std::string name, int pos, int num) {
        epoch_vec_counters_[name][pos] += num;
    }

    // add historgram value
    void AddValue(const std::string name, const int value);

    // ternsim patch: stable handles to an epoch counter, a vector counter's elements and a
    // histogram, so per-clock paths skip the string hash (unordered_map nodes never move and
    // the vectors are never resized). The same effect as Increment / IncrementVec / AddValue.
    // A histogram handle counts values 0..kDense-1 in an array and merges them into the epoch
    // histogram (FlushHistograms) before anything reads it; its counts are only ever summed
    // as integers (bins, averages), so the order of insertion does not show.
    struct Histogram {
        static const int kDense = 4096;
        std::vector<uint64_t> dense;
        std::unordered_map<int, uint64_t>* counts;
    };
    uint64_t* CounterHandle(const std::string& name) { return &epoch_counters_.at(name); }
    uint64_t* VecCounterHandle(const std::string& name) { return epoch_vec_counters_.at(name).data(); }
    Histogram* HistogramHandle(const std::string& name) {
        histogram_handles_.emplace_back(new Histogram{std::vector<uint64_t>(Histogram::kDense, 0),
                                                      &epoch_histo_counts_.at(name)});
        return histogram_handles_.back().get();
    }
    static void AddValue(Histogram* h, const int value) {
        if (value >= 0 && value < Histogram::kDense) {
            h->dense[value] += 1;
        } else {
            (*h->counts)[value] += 1;
        }
    }

    // return per rank background energy
    double RankBackgroundEnergy(const int r) const;

    // Epoch update
    void PrintEpochStats();

    // Final statas output
    void PrintFinalStats();

    // Reset (usually after one phase of simulation)
    void Reset();

    // ternsim patch: a counter (or the sum of a vector counter) so far, read by the host.
    uint64_t Counter(const std::string& name) const {
        uint64_t v = 0;
        auto c = counters_.find(name);
        if (c != counters_.end()) v += c->second;
        auto e = epoch_counters_.find(name);
        if (e != epoch_counters_.end()) v += e->second;
        for (const VecStat* m : {&vec_counters_, &epoch_vec_counters_}) {
            auto it = m->find(name);
            if (it != m->end())
                for (uint64_t x : it->second) v += x;
        }
        return v;
    }
    // ternsim patch 13: the cells Counter(name) sums, as pointers, so a host that reads the same
    // counters many times sums them without hashing the name. Stable: InitStat / InitVecStat
    // create every entry up front, map nodes never move, Reset zeroes in place and the vectors
    // are never resized.
    std::vector<const uint64_t*> CounterCells(const std::string& name) const {
        std::vector<const uint64_t*> cells;
        for (const auto* m : {&counters_, &epoch_counters_}) {
            auto it = m->find(name);
            if (it != m->end()) cells.push_back(&it->second);
        }
        for (const VecStat* m : {&vec_counters_, &epoch_vec_counters_}) {
            auto it = m->find(name);
            if (it != m->end())
                for (const uint64_t& x : it->second) cells.push_back(&x);
        }
        return cells;
    }

   private:
    using VecStat = std::unordered_map<std::string, std::vector<uint64_t> >;
    using HistoCount = std::unordered_map<int, uint64_t>;
    using Json = nlohmann::json;
    void InitStat(std::string name, std::string stat_type,
                  std::string description);
    void InitVecStat(std::string name, std::string stat_type,
                     std::string description, std::string part_name,
                     int vec_len);
    void InitHistoStat(std::string name, std::string description, int start_val,
                       int end_val, int num_bins);

    void UpdateCounters();
    void FlushHistograms();  // ternsim patch
    std::vector<std::unique_ptr<Histogram> > histogram_handles_;  // ternsim patch
    void UpdateHistoBins();
    void UpdatePrints(bool epoch);
    double GetHistoAvg(const HistoCount& histo_counts) const;
    std::string GetTextHeader(bool is_final) const;
    void UpdateEpochStats();
    void UpdateFinalStats();

    const Config& config_;
    int channel_id_;

    // map names to descriptions
    std::unordered_map<std::string, std::string> header_descs_;

    // counter stats, indexed by their name
    std::unordered_map<std::string, uint64_t> counters_;
    std::unordered_map<std::string, uint64_t> epoch_counters_;

    // vectored counter stats, first indexed by name then by index
    VecStat vec_counters_;
    VecStat epoch_vec_counters_;

    // NOTE: doubles_ vec_doubles_ and calculated_ are basically one time
    // placeholders after each epoch they store the value for that epoch
    // (different from the counters) and in the end updated to the overall value
    std::unordered_map<std::string, double> doubles_;

    std::unordered_map<std::string, std::vector<double> > vec_doubles_;

    // calculated stats, similar to double, but not the same
    std::unordered_map<std::string, double> calculated_;

    // histogram stats
    std::unordered_map<std::string, std::vector<std::string> > histo_headers_;

    std::unordered_map<std::string, std::pair<int, int> > histo_bounds_;
    std::unordered_map<std::string, int> bin_widths_;
    std::unordered_map<std::string, HistoCount> histo_counts_;
    std::unordered_map<std::string, HistoCount> epoch_histo_counts_;
    VecStat histo_bins_;
    VecStat epoch_histo_bins_;

    // outputs
    Json j_data_;
    std::vector<std::pair<std::string, std::string> > print_pairs_;
};

}  // namespace dramsim3
#endif