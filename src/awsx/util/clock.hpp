#pragma once

#include <chrono>

namespace awsx::util {

using TimePoint = std::chrono::system_clock::time_point;

// Wall-clock time, behind an interface so tests can pin it.
class Clock {
public:
  virtual ~Clock() = default;

  // The current time.
  virtual TimePoint now() const = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock {
public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that always answers `time`, for tests.
class FixedClock final : public Clock {
public:
  explicit FixedClock(TimePoint time) : time_(time) {}
  TimePoint now() const override { return time_; }

private:
  TimePoint time_;
};

} // namespace awsx::util
