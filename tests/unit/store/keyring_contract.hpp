#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "awsx/store/keyring.hpp"

namespace awsx::test {

// One backend under test: it opens handles on one private store and empties that store
// when destroyed, so tests can run in parallel against the user's real keyrings.
class StoreUnderTest {
public:
  virtual ~StoreUnderTest() = default;

  // A new handle on the same store, as a second awsx process would open it.
  virtual std::unique_ptr<store::Keyring> open() = 0;
};

// A backend for the contract: `label` names the test instances, `backend` is the name its
// keyrings must report (for the real ones, as AWSX_BACKEND spells it) and `make` builds a
// fresh store (throwing StorageError when the backend cannot run here).
struct ContractBackend {
  std::string label;
  std::string backend;
  std::function<std::unique_ptr<StoreUnderTest>()> make;
};

// Prints `backend` as its label in test failures, instead of its bytes, onto `out`.
inline void PrintTo(const ContractBackend& backend, std::ostream* out) {
  *out << backend.label;
}

// The behaviour every Keyring must show; instantiate it once per backend with
// INSTANTIATE_TEST_SUITE_P(<Backend>, KeyringContract, ..., contract_test_name).
class KeyringContract : public ::testing::TestWithParam<ContractBackend> {
protected:
  void SetUp() override;
  void TearDown() override;

  std::unique_ptr<StoreUnderTest> store_;
  std::unique_ptr<store::Keyring> keyring_;
};

// The test-name suffix for `info`: the backend's label.
std::string contract_test_name(const ::testing::TestParamInfo<ContractBackend>& info);

// A per-process unique tag (`kind`-pid-counter) that keeps parallel test runs apart.
std::string unique_scope(const std::string& kind);

} // namespace awsx::test
