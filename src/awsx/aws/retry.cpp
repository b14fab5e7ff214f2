#include "awsx/aws/retry.hpp"

#include <algorithm>
#include <random>
#include <thread>

namespace awsx::aws {

std::chrono::milliseconds backoff_cap(const RetryPolicy& policy, int attempt) {
  // Shifting a long past its width is undefined; any cap is reached long before 2^30.
  const int shift = std::clamp(attempt, 0, 30);
  return std::chrono::milliseconds(
      std::min(policy.max_delay.count(), policy.base_delay.count() << shift));
}

void pause_before_retry(const RetryPolicy& policy, int attempt) {
  const long cap = backoff_cap(policy, attempt).count();
  long picked = 0;
  if (policy.jitter) {
    picked = std::clamp(policy.jitter(cap), 0L, cap);
  } else {
    static thread_local std::mt19937 rng{std::random_device{}()};
    picked = std::uniform_int_distribution<long>(0, cap)(rng);
  }
  const std::chrono::milliseconds delay(picked);
  if (policy.sleep)
    policy.sleep(delay);
  else
    std::this_thread::sleep_for(delay);
}

} // namespace awsx::aws
