// Replays a libFuzzer corpus without libFuzzer, so that any compiler builds the targets
// and every test run (sanitizers included) checks the seeds and committed reproducers.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

// The regular files named by `argument`: itself, or everything below it if a folder.
std::vector<fs::path> inputs_under(const fs::path& argument) {
  if (!fs::is_directory(argument))
    return {argument};
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(argument))
    if (entry.is_regular_file())
      files.push_back(entry.path());
  return files;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    auto found = inputs_under(argv[i]);
    files.insert(files.end(), found.begin(), found.end());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR_OR_FILE...; found no inputs\n";
    return 1;
  }
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "cannot read " << file << "\n";
      return 1;
    }
    // An exact-size heap copy, so that ASan sees a read one byte past the input.
    const std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
    std::cout << "replaying " << file.string() << " (" << data.size() << " bytes)" << std::endl;
    LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  std::cout << "replayed " << files.size() << " inputs" << std::endl;
  return 0;
}
