#pragma once

#include <chrono>
#include <functional>

namespace awsx::aws {

// How failed calls are retried: jittered exponential backoff, as the SDKs' standard mode.
struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{5000};
  std::function<void(std::chrono::milliseconds)> sleep; // null = really sleep
};

// Waits before retry number `attempt` (1-based) of `policy`: a random time up to
// base_delay * 2^attempt, capped at max_delay ("full jitter").
void pause_before_retry(const RetryPolicy& policy, int attempt);

} // namespace awsx::aws
