#pragma once

#include <chrono>
#include <functional>

namespace awsx::aws {

// How failed calls are retried: jittered exponential backoff, as the SDKs' standard mode.
// Each client has its own numbers; `sleep` and `jitter` are hooks for tests.
struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{5000};
  std::function<void(std::chrono::milliseconds)> sleep; // null = really sleep
  std::function<long(long cap)> jitter; // picks a wait in [0, cap] ms; null = uniform random
};

// The longest wait before retry number `attempt` (1-based) of `policy`: base_delay *
// 2^attempt, capped at max_delay.
std::chrono::milliseconds backoff_cap(const RetryPolicy& policy, int attempt);

// Waits before retry number `attempt` (1-based) of `policy`: a time picked by its jitter up
// to backoff_cap ("full jitter").
void pause_before_retry(const RetryPolicy& policy, int attempt);

} // namespace awsx::aws
