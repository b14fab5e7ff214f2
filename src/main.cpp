#include "awsx/fast/cached_exec.hpp"

// awsx: runs a cached `exec` itself, at close to the cost of a bare exec, and hands
// every other command line to awsx-core.
int main(int argc, char** argv) {
  awsx::fast::exec_if_cached({argv + 1, argv + argc});
  awsx::fast::hand_over(argv);
}
