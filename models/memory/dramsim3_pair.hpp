#pragma once
// Two threads over DRAMsim3's channels (`dram.dramsim3.threads: 2`, docs/dram.md "Two
// threads"): the caller runs part 0 of a job and one worker thread, created on the first job
// and kept for the backend's lifetime, runs part 1 at the same time; run() returns when both
// are done. Each part touches only its own channels, so the result does not depend on how the
// two interleave.
//
// A decode token hands the worker thousands of jobs a few tens of microseconds apart (two or
// three per DRAM request). Waking a thread asleep on a condition variable takes ~15 us here, so
// each side first polls for the other for up to kSpin before it sleeps, as OpenMP runtimes do
// (GOMP_SPINCOUNT): the worker catches the next job while the caller is between requests, and
// the caller sees the worker finish without a wake-up. Past kSpin both sleep, so an idle
// backend costs no CPU.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace ternsim {

class Dramsim3Pair {
 public:
  Dramsim3Pair() = default;
  Dramsim3Pair(const Dramsim3Pair&) = delete;
  Dramsim3Pair& operator=(const Dramsim3Pair&) = delete;
  ~Dramsim3Pair() {
    if (!worker_.joinable()) return;
    {
      std::lock_guard<std::mutex> l(m_);
      stop_.store(true, std::memory_order_release);
    }
    cv_.notify_all();
    worker_.join();
  }

  // job(0) on this thread, job(1) on the worker; both finished when this returns.
  void run(const std::function<void(int)>& job) {
    if (!worker_.joinable()) worker_ = std::thread([this] { loop(); });
    const uint64_t posted = posted_.load(std::memory_order_relaxed) + 1;
    {
      // Under the mutex, so a worker between its predicate check and its sleep cannot miss it.
      std::lock_guard<std::mutex> l(m_);
      job_ = &job;
      posted_.store(posted, std::memory_order_release);
    }
    cv_.notify_all();
    std::exception_ptr mine;
    try {
      job(0);
    } catch (...) {
      mine = std::current_exception();
    }
    await([&] { return finished_.load(std::memory_order_acquire) == posted; });
    job_ = nullptr;
    if (mine) std::rethrow_exception(mine);
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  static constexpr std::chrono::microseconds kSpin{200};

  // Until done(): polled for up to kSpin, then asleep on cv_ (every change of posted_, finished_
  // and stop_ is stored under m_ and notified).
  template <class Done>
  void await(const Done& done) {
    const auto until = std::chrono::steady_clock::now() + kSpin;
    for (uint32_t i = 1;; ++i) {
      if (done()) return;
#if defined(__x86_64__) || defined(__i386__)
      _mm_pause();
#endif
      if (i % 64 == 0 && std::chrono::steady_clock::now() >= until) break;
    }
    std::unique_lock<std::mutex> l(m_);
    cv_.wait(l, done);
  }

  void loop() {
    uint64_t seen = 0;
    while (true) {
      await([&] { return stop_.load(std::memory_order_acquire) || posted_.load(std::memory_order_acquire) != seen; });
      if (stop_.load(std::memory_order_acquire)) return;
      seen = posted_.load(std::memory_order_acquire);
      const std::function<void(int)>* job = job_;
      std::exception_ptr err;
      try {
        (*job)(1);
      } catch (...) {
        err = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> l(m_);
        error_ = err;
        finished_.store(seen, std::memory_order_release);
      }
      cv_.notify_all();
    }
  }

  std::thread worker_;
  std::mutex m_;
  std::condition_variable cv_;
  const std::function<void(int)>* job_ = nullptr;
  std::atomic<uint64_t> posted_{0}, finished_{0};
  std::atomic<bool> stop_{false};
  std::exception_ptr error_;
};

}  // namespace ternsim
