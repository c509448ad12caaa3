// The containers DRAMsim3's controller uses in place of the standard ones it had
// (third_party/dramsim3/PROVENANCE patch 8): FrontErasableVector for its transaction queues and
// PendingTransactions for its pending-read and pending-write maps. A swap is exact only if every
// operation the controller performs gives what the original container gave, in the same order:
// each test replays one fixed pseudo-random sequence of operations on both and compares after
// every step. The sequences lean to the front, as a stream's oldest entries are served first,
// and also hit the middle and the back, so both of the shorter-side moves are taken.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <vector>

#include "controller.h"
#include "test_util.hpp"

using dramsim3::FrontErasableVector;
using dramsim3::PendingTransactions;
using dramsim3::Transaction;
using ternsim::test::Rng;

namespace {

// A position to erase at in a queue of n > 0: one of the first three half the time, else anywhere.
size_t pick(Rng& rng, size_t n) { return rng.next() % 2 == 0 ? rng.next() % std::min<size_t>(n, 3) : rng.next() % n; }

}  // namespace

TEST(Dramsim3Containers, FrontErasableVectorIsAVectorToTheController) {
  // The controller's use: reserve(trans_queue_size) once, then push_back while size() <
  // capacity() (WillAcceptTransaction), erase anywhere, scan in order.
  for (size_t reserve : {size_t(0), size_t(1), size_t(32)}) {
    Rng rng{7 + reserve};
    std::vector<int> ref;
    FrontErasableVector<int> v;
    ref.reserve(reserve);
    v.reserve(reserve);
    int next = 0;
    for (int step = 0; step < 20000; ++step) {
      // Fill to the capacity and sometimes past it (growth), then drain in bursts.
      const bool push = ref.empty() || (step / 40) % 2 == 0 || rng.next() % 4 == 0;
      if (push) {
        ref.push_back(next);
        v.push_back(next);
        ++next;
      } else {
        const size_t pos = pick(rng, ref.size());
        ref.erase(ref.begin() + static_cast<std::ptrdiff_t>(pos));
        v.erase(v.begin() + static_cast<std::ptrdiff_t>(pos));
      }
      ASSERT_EQ(v.size(), ref.size()) << "step " << step;
      ASSERT_EQ(v.empty(), ref.empty()) << "step " << step;
      ASSERT_EQ(v.capacity(), ref.capacity()) << "step " << step;
      ASSERT_EQ(std::vector<int>(v.begin(), v.end()), ref) << "step " << step;
    }
  }
}

TEST(Dramsim3Containers, PendingTransactionsIsTheMultimapItReplaced) {
  // Keys from a small range repeat (several reads of one address); each transaction carries
  // its insertion number in added_cycle, so find() must return the same one of equal keys.
  Rng rng{11};
  std::multimap<uint64_t, Transaction> ref;
  PendingTransactions p;
  uint64_t base = 0, serial = 0;
  for (int step = 0; step < 30000; ++step) {
    if (step % 1000 == 0) base += 64;  // the stream moves on: new keys enter above the old
    const bool insert = ref.empty() || rng.next() % 2 == 0;
    if (insert) {
      Transaction t(base + rng.next() % 24, false);
      t.added_cycle = serial++;
      const bool first = ref.count(t.addr) == 0;
      ref.insert(std::make_pair(t.addr, t));
      ASSERT_EQ(p.insert(std::make_pair(t.addr, t)), first) << "step " << step;
    } else {
      // The controller erases what find() returns: mostly the oldest key, sometimes any.
      auto r = ref.begin();
      if (rng.next() % 3 == 0) std::advance(r, static_cast<std::ptrdiff_t>(rng.next() % ref.size()));
      const uint64_t key = r->first;
      auto rf = ref.find(key);
      auto pf = p.find(key);
      ASSERT_NE(pf, p.end()) << "step " << step;
      ASSERT_EQ(pf->second.added_cycle, rf->second.added_cycle) << "step " << step;
      ASSERT_EQ(p.only_of_key(pf), ref.count(key) == 1) << "step " << step;
      ref.erase(rf);
      p.erase(pf);
    }
    const uint64_t probe = base + rng.next() % 24;
    ASSERT_EQ(p.count(probe), ref.count(probe)) << "step " << step;
    ASSERT_EQ(p.empty(), ref.empty()) << "step " << step;
    ASSERT_EQ(p.find(base + 1000) == p.end(), true);  // a key never inserted
  }
}
