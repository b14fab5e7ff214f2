#include "awsx/fast/cached_exec.hpp"

#include <gtest/gtest.h>

namespace awsx::fast {

TEST(HandOver, awsx_core_is_looked_for_next_to_the_front_end) {
  const auto candidates = core_candidates(std::filesystem::path("/opt/awsx/bin/awsx"));
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].lexically_normal(), "/opt/awsx/libexec/awsx/awsx-core");
  EXPECT_EQ(candidates[1], "/opt/awsx/bin/awsx-core");
}

TEST(HandOver, without_proc_self_exe_only_the_absolute_install_path_is_tried) {
  // Never ./awsx-core: whoever controls the current folder would get the passphrase.
  const auto candidates = core_candidates(std::nullopt);
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_TRUE(candidates[0].is_absolute()) << candidates[0];
  EXPECT_EQ(candidates[0].filename(), "awsx-core");
}

} // namespace awsx::fast
