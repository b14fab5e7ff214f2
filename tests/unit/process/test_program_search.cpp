#include <gtest/gtest.h>

#include "awsx/process/program_search.hpp"

using namespace awsx;

using Paths = std::vector<std::string>;

// The expectations are what os.get_exec_path() and subprocess build for the same input.
TEST(ProcessProgramSearch, a_name_with_a_slash_is_used_as_it_is) {
  EXPECT_EQ(process::exec_candidates("/opt/x", {"PATH=/bin"}), Paths{"/opt/x"});
  EXPECT_EQ(process::exec_candidates("./x", {"PATH=/bin"}), Paths{"./x"});
  EXPECT_EQ(process::exec_candidates("a/x", {}), Paths{"a/x"});
}

TEST(ProcessProgramSearch, each_path_folder_in_order_and_empty_means_here) {
  EXPECT_EQ(process::exec_candidates("x", {"HOME=/h", "PATH=/a:/b/::/c"}),
            (Paths{"/a/x", "/b/x", "x", "/c/x"}));
  EXPECT_EQ(process::exec_candidates("x", {"PATH="}), Paths{"x"});
}

TEST(ProcessProgramSearch, no_path_means_bin_and_usr_bin_and_the_last_path_wins) {
  EXPECT_EQ(process::exec_candidates("x", {"HOME=/h"}), (Paths{"/bin/x", "/usr/bin/x"}));
  EXPECT_EQ(process::exec_candidates("x", {"PATH=/a", "PATH=/b"}), Paths{"/b/x"});
}
