#pragma once
// Two threads over DRAMsim3's channels (`dram.dramsim3.threads: 2`, docs/dram.md "Two
// threads"): the caller runs part 0 of a job and one worker thread, created on the first job
// and kept for the backend's lifetime, runs part 1 at the same time; run() returns when both
// are done. Each part touches only its own channels, so the result does not depend on how the
// two interleave.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

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
      stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }

  // job(0) on this thread, job(1) on the worker; both finished when this returns.
  void run(const std::function<void(int)>& job) {
    if (!worker_.joinable()) worker_ = std::thread([this] { loop(); });
    {
      std::lock_guard<std::mutex> l(m_);
      job_ = &job;
      ++posted_;
    }
    cv_.notify_all();
    std::exception_ptr mine;
    try {
      job(0);
    } catch (...) {
      mine = std::current_exception();
    }
    std::unique_lock<std::mutex> l(m_);
    cv_.wait(l, [this] { return finished_ == posted_; });
    job_ = nullptr;
    if (mine) std::rethrow_exception(mine);
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  void loop() {
    uint64_t seen = 0;
    while (true) {
      const std::function<void(int)>* job;
      {
        std::unique_lock<std::mutex> l(m_);
        cv_.wait(l, [&] { return stop_ || posted_ != seen; });
        if (stop_) return;
        seen = posted_;
        job = job_;
      }
      std::exception_ptr err;
      try {
        (*job)(1);
      } catch (...) {
        err = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> l(m_);
        error_ = err;
        finished_ = seen;
      }
      cv_.notify_all();
    }
  }

  std::thread worker_;
  std::mutex m_;
  std::condition_variable cv_;
  const std::function<void(int)>* job_ = nullptr;
  uint64_t posted_ = 0, finished_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

}  // namespace ternsim
