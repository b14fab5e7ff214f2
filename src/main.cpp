#include "awsx/fast/cached_exec.hpp"
#include "awsx/util/process_state.hpp"

// awsx: serves a cached `exec` or `export` itself, at close to the cost of a bare exec,
// and hands every other command line to awsx-core.
int main(int argc, char** argv) {
  awsx::util::note_inherited_descriptors();
  awsx::fast::serve_if_cached({argv + 1, argv + argc});
  awsx::fast::hand_over(argv);
}
