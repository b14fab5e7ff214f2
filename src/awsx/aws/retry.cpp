#include "awsx/aws/retry.hpp"

#include <algorithm>
#include <random>
#include <thread>

namespace awsx::aws {

void pause_before_retry(const RetryPolicy& policy, int attempt) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  const auto cap = std::min(policy.max_delay.count(), policy.base_delay.count() << attempt);
  std::uniform_int_distribution<long> pick(0, cap);
  const std::chrono::milliseconds delay(pick(rng));
  if (policy.sleep)
    policy.sleep(delay);
  else
    std::this_thread::sleep_for(delay);
}

} // namespace awsx::aws
