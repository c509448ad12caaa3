// Dramsim3Pair (models/memory/dramsim3_pair.hpp), the two-thread hand-over of `threads: 2`:
// run() must return only after both parts are done, whether the other side was caught while
// polling (jobs a few microseconds apart) or asleep on the condition variable (jobs further apart
// than its 200 us of polling), and must rethrow a part's exception without losing later jobs.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>

#include "models/memory/dramsim3_pair.hpp"

using ternsim::Dramsim3Pair;

namespace {

// Part 1's writes seen by the caller once run() returns: each job adds its index to slot[part],
// and part 1's slot is read only after run().
struct Counts {
  uint64_t slot[2] = {0, 0};
};

}  // namespace

TEST(Dramsim3Pair, ManyShortJobsEachRunOncePerPart) {
  Dramsim3Pair pair;
  Counts c;
  // Back to back: the worker is still polling when the next job is posted.
  const uint64_t jobs = 20000;
  for (uint64_t j = 1; j <= jobs; ++j) {
    pair.run([&](int part) { c.slot[part] += j; });
    ASSERT_EQ(c.slot[1], j * (j + 1) / 2) << "after job " << j;
  }
  EXPECT_EQ(c.slot[0], jobs * (jobs + 1) / 2);  // 200 010 000
}

TEST(Dramsim3Pair, JobsFurtherApartThanThePollingWakeTheSleepingWorker) {
  Dramsim3Pair pair;
  Counts c;
  for (uint64_t j = 1; j <= 5; ++j) {
    // 2 ms between jobs, ten times the polling: the worker has gone to sleep each time.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    pair.run([&](int part) {
      // Part 1 slow too, so the caller also stops polling and sleeps until it is done.
      if (part == 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      c.slot[part] += j;
    });
    EXPECT_EQ(c.slot[1], j * (j + 1) / 2);
  }
  EXPECT_EQ(c.slot[0], 15u);
}

TEST(Dramsim3Pair, APartsExceptionIsRethrownAndTheNextJobStillRuns) {
  Dramsim3Pair pair;
  Counts c;
  auto message = [&](int failing) {
    try {
      pair.run([&](int part) {
        if (part == failing) throw std::runtime_error("part " + std::to_string(part) + " failed");
        c.slot[part] += 1;
      });
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_EQ(message(1), "part 1 failed");  // the worker's, carried over to the caller
  EXPECT_EQ(message(0), "part 0 failed");
  EXPECT_EQ(c.slot[0], 1u);  // part 0 ran when part 1 failed
  EXPECT_EQ(c.slot[1], 1u);  // and part 1 when part 0 did
  pair.run([&](int part) { c.slot[part] += 10; });  // no stale error from before
  EXPECT_EQ(c.slot[0], 11u);
  EXPECT_EQ(c.slot[1], 11u);
}

TEST(Dramsim3Pair, DestroyedWhilePollingOrAsleepOrNeverStarted) {
  { Dramsim3Pair never_ran; }
  {
    Dramsim3Pair polling;  // destroyed right after a job: the worker is still polling
    std::atomic<int> ran{0};
    polling.run([&](int) { ran.fetch_add(1); });
    EXPECT_EQ(ran.load(), 2);
  }
  {
    Dramsim3Pair asleep;
    std::atomic<int> ran{0};
    asleep.run([&](int) { ran.fetch_add(1); });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // past the polling: asleep
    EXPECT_EQ(ran.load(), 2);
  }
}
